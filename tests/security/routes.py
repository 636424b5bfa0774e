"""The app's route table, as the security tests walk it: every (method, path) the app answers,
generated from ``app.routes``, and a value for each path parameter."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) of the app, HEAD aside (it answers as GET); mounts (static
    files) are not routes of ours."""
    table = set()
    for route in iter_route_contexts(app.routes):
        for method in route.methods or ():
            if method != "HEAD" and route.path is not None:
                table.add((method, route.path))
    return sorted(table, key=lambda r: (r[1], r[0]))


def path_parameters(path: str) -> list[str]:
    return list(compile_path(path)[2])


def filled(path: str, values: Mapping[str, Sequence[str]]) -> Iterator[str]:
    """``path`` with every combination of the given values for its parameters; a parameter
    without values is a KeyError naming it (a new route needs its values added)."""
    names = path_parameters(path)
    missing = [n for n in names if n not in values]
    if missing:
        raise KeyError(f"{path}: no test value for the path parameter(s) {missing}; add them to the security tests")
    for combination in itertools.product(*(values[n] for n in names)):
        result = path
        for name, value in zip(names, combination, strict=True):
            # a parameter with a converter (``{record_id:path}``) is filled the same way
            result = re.sub(r"\{" + name + r"(:\w+)?\}", value.replace("\\", r"\\"), result)
        yield result
