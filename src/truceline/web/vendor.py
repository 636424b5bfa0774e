"""Browser libraries installed from the npm registry (``package.json`` at the checkout's root,
``npm ci``) and served by the app itself under ``/static/vendor/NAME/``: nothing is copied into the
repository and nothing is fetched from a CDN at run time.

Where ``node_modules`` is not there (an installed wheel, or ``npm ci`` not run), pages that would
use a library keep their server-drawn fallback and say why (:func:`missing`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

#: package -> (the folder of it served, the files a page needs from that folder)
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "leaflet": ("dist", ("leaflet.js", "leaflet.css")),
    "leaflet.markercluster": ("dist", ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")),
}
URL_PREFIX = "/static/vendor"
#: where node_modules is, when not at the checkout's root
ENVIRONMENT_VARIABLE = "TRUCELINE_NODE_MODULES"


def node_modules() -> Path:
    """``$TRUCELINE_NODE_MODULES``, else ``node_modules`` at the root of the checkout the package runs from."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "node_modules"


@lru_cache(maxsize=4)
def _missing_in(folder: Path) -> tuple[str, ...]:
    absent = []
    for package, (sub, needed) in PACKAGES.items():
        for name in needed:
            if not (folder / package / sub / name).is_file():
                absent.append(f"{package}/{sub}/{name}")
    return tuple(absent)


def missing() -> str | None:
    """Why the vendored libraries cannot be served (``None`` when they can)."""
    folder = node_modules()
    absent = _missing_in(folder)
    if not absent:
        return None
    return (
        f"the map's scripts are not installed ({', '.join(absent[:3])} missing under {folder}): "
        "run `npm ci` in the checkout to install Leaflet from the npm registry"
    )


def mount(app: FastAPI) -> None:
    """Serve each installed package's folder under ``/static/vendor/NAME/`` (before ``/static``)."""
    folder = node_modules()
    for package, (sub, _) in PACKAGES.items():
        directory = folder / package / sub
        if directory.is_dir():
            app.mount(f"{URL_PREFIX}/{package}", StaticFiles(directory=str(directory)), name=f"vendor-{package}")
