"""A record's history as a reader may see it: ``truceline history``, ``/api/v1/{kind}/{id}/history``,
and the check of every versioned row against the ledger (``truceline ledger verify``, ``adopt``).

It sits above the features that keep versioned records (incidents, sources, agreements), which
register their kinds with :mod:`truceline.versions` (below them all)."""
