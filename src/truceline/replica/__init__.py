"""A copy of another instance's signed ledger, held by a party or the observers: pulled over the
API, verified entry by entry (hash chain, signatures, pinned keys), applied only when it agrees
with what is held; divergence (a fork, a rewritten or missing entry) is reported, never applied."""
