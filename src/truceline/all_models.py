"""The whole schema: every feature's models, for Alembic and for tests that compare the models
with the migrated database. (``truceline.db`` names no feature, so storage sits below them all.)"""

from __future__ import annotations


def import_all_models() -> None:
    """Import every feature's models so ``Base.metadata`` knows the whole schema."""
    from truceline.agreements import models as _agreements  # noqa: F401
    from truceline.alerts import models as _alerts  # noqa: F401
    from truceline.auth import models as _auth  # noqa: F401
    from truceline.casebooks import models as _casebooks  # noqa: F401
    from truceline.conflicts import models as _conflicts  # noqa: F401
    from truceline.incidents import models as _incidents  # noqa: F401
    from truceline.jobs import models as _jobs  # noqa: F401
    from truceline.ledger import models as _ledger  # noqa: F401
    from truceline.parties import models as _parties  # noqa: F401
    from truceline.places import models as _places  # noqa: F401
    from truceline.replica import models as _replica  # noqa: F401
    from truceline.sources import models as _sources  # noqa: F401
    from truceline.verification import models as _verification  # noqa: F401
