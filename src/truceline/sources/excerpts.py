"""The supporting words of a source in context, for a reader."""

from __future__ import annotations

from typing import Any

#: characters of context shown either side of a supporting span
CONTEXT = 160


def excerpts(content: str, spans: list[list[int]]) -> list[dict[str, Any]]:
    """The supporting words in context, for a reader: spans whose context windows touch are shown
    as one excerpt, each excerpt a list of parts, the supporting ones marked with their offsets."""
    windows: list[list[Any]] = []  # [start, end, [spans]]
    for start, end in sorted((int(a), int(b)) for a, b in spans):
        begin, stop = max(0, start - CONTEXT), min(len(content), end + CONTEXT)
        if windows and begin <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], stop)
            windows[-1][2].append((start, end))
        else:
            windows.append([begin, stop, [(start, end)]])
    out = []
    for begin, stop, marked in windows:
        parts: list[dict[str, Any]] = []
        cursor = begin
        for start, end in marked:
            start = max(start, cursor)  # overlapping spans: mark the words once
            if start >= end:
                continue
            if start > cursor:
                parts.append({"text": content[cursor:start], "mark": False})
            parts.append({"text": content[start:end], "mark": True, "span": f"{start}-{end}"})
            cursor = end
        if stop > cursor:
            parts.append({"text": content[cursor:stop], "mark": False})
        out.append(
            {
                "start": begin,
                "end": stop,
                "clipped_start": begin > 0,
                "clipped_end": stop < len(content),
                "parts": parts,
            }
        )
    return out
