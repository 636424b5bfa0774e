"""What the event-data adapters share: decoding, CSV rows with their lines and character spans,
typed cell readers that collect errors naming the row (line) and the column, and party names.

Lines are 1-based physical lines of the file; the header is line 1. A row's span is the
character range ``[start, end)`` of its text (without the line break) in the decoded file.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, NoReturn, TypeVar

from pydantic import ValidationError

from truceline.domain import schema
from truceline.domain.inputs import text_problem
from truceline.errors import InvalidInput

T = TypeVar("T")

#: how many errors a file may collect before parsing stops
DEFAULT_MAX_ERRORS = 50
#: limits on a CSV file, checked before it is parsed (ACLED has 31 columns, UCDP GED 49)
CSV_MAX_COLUMNS = 1000
CSV_MAX_LINE_CHARS = 1_000_000
CSV_MAX_FIELD_CHARS = 131_072
#: the most bytes a line of ``CSV_MAX_LINE_CHARS`` characters can take in UTF-8
MAX_LINE_BYTES = 4 * CSV_MAX_LINE_CHARS + 2


@dataclass(frozen=True)
class RowError:
    """One problem in a file: where (line, column) and what."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class EventDataError(InvalidInput):
    """An event-data file is malformed; ``errors`` lists every problem found (up to a limit)."""

    def __init__(self, file_name: str, errors: Sequence[RowError], *, truncated: bool = False) -> None:
        self.file_name = file_name
        self.errors = list(errors)
        self.truncated = truncated
        count = f"{len(self.errors)}{'+' if truncated else ''}"
        noun = "error" if len(self.errors) == 1 and not truncated else "errors"
        lines = [f"{file_name}: {count} {noun}, nothing imported:"]
        lines += [f"  {error}" for error in self.errors]
        if truncated:
            lines.append(f"  (stopped after {len(self.errors)} errors)")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class EventRow:
    """One validated event: the incident to record, with the row that supports it."""

    line: int
    span: tuple[int, int]
    source_id: str  # the event's id in its data set (ACLED event_id_cnty, UCDP id)
    incident: schema.Incident


@dataclass(frozen=True)
class CsvRow:
    line: int
    span: tuple[int, int]
    values: dict[str, str]


def decode_event_file(data: bytes, file_name: str) -> str:
    """The file as text: UTF-8, with or without a byte-order mark.

    Anything else is rejected with the byte offset, the line and (where the header could be
    read) the column of the first byte that is not UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
        prefix = data[:offset].decode("utf-8", errors="replace")
        line = prefix.count("\n") + 1
        column: str | None = None
        header_end = data.find(b"\n")
        if line > 1 and header_end != -1:
            header = next(csv.reader([data[:header_end].decode("utf-8", errors="replace").rstrip("\r")]), [])
            line_start = prefix.rfind("\n") + 1
            cells = next(csv.reader([prefix[line_start:]]), [""])
            index = max(len(cells) - 1, 0)
            if index < len(header):
                column = header[index].strip()
        message = (
            f"the file is not valid UTF-8: byte 0x{data[offset]:02x} at offset {offset} "
            "(save it as UTF-8; latin-1 and Windows code pages are not accepted)"
        )
        raise EventDataError(file_name, [RowError(line, column, message)]) from exc


def _split_lines(text: str) -> tuple[list[str], list[int]]:
    """Physical lines (each with its '\\n') and the offset at which each starts."""
    lines = text.split("\n")
    result, offsets, position = [], [], 0
    for index, line in enumerate(lines):
        chunk = line + "\n" if index < len(lines) - 1 else line
        if not chunk:
            continue
        result.append(chunk)
        offsets.append(position)
        position += len(chunk)
    return result, offsets


class _LineFeed:
    """Feeds lines to ``csv.reader`` and counts them, so each record knows its lines."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.consumed = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.consumed >= len(self.lines):
            raise StopIteration
        line = self.lines[self.consumed]
        self.consumed += 1
        return line


class Collector:
    """Collects errors up to a limit; past it, parsing stops with what was found."""

    def __init__(self, file_name: str, max_errors: int = DEFAULT_MAX_ERRORS) -> None:
        self.file_name = file_name
        self.max_errors = max_errors
        self.errors: list[RowError] = []

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.errors.append(RowError(line, column, message))
        if len(self.errors) >= self.max_errors:
            raise EventDataError(self.file_name, self.errors, truncated=True)

    def raise_if_any(self) -> None:
        if self.errors:
            raise EventDataError(self.file_name, self.errors)


def check_csv_limits(lines: list[str], errors: Collector) -> None:
    """Refuse, before parsing, a header of more than ``CSV_MAX_COLUMNS`` columns, a line longer
    than ``CSV_MAX_LINE_CHARS`` and text a store cannot hold (NUL, control characters, invalid
    Unicode): each is an error naming its line, and the file goes no further."""
    if lines and lines[0].count(",") + 1 > CSV_MAX_COLUMNS:
        errors.add(1, None, f"the header has more than {CSV_MAX_COLUMNS} columns; is this an event-data file?")
        errors.raise_if_any()
    for number, line in enumerate(lines, start=1):
        if len(line) > CSV_MAX_LINE_CHARS:
            errors.add(number, None, f"the line is longer than {CSV_MAX_LINE_CHARS} characters")
            errors.raise_if_any()
    if text_problem("".join(lines)) is None:
        return  # one pass over the whole text; only a bad file is read line by line
    for number, line in enumerate(lines, start=1):
        problem = text_problem(line.rstrip("\r\n"))
        if problem is not None:
            errors.add(number, None, f"the line {problem}")
    errors.raise_if_any()


def read_csv(text: str, *, required: Sequence[str], errors: Collector) -> list[CsvRow]:
    """The data rows of a CSV text, keyed by (stripped) header names.

    Limits come first (:func:`check_csv_limits`). A missing required column is an error on line 1
    naming the column; so is an empty header.
    Blank lines are skipped; a row with more or fewer cells than the header is an error.
    """
    lines, offsets = _split_lines(text)
    check_csv_limits(lines, errors)
    csv.field_size_limit(CSV_MAX_FIELD_CHARS)
    feed = _LineFeed(lines)
    reader = csv.reader(feed, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        errors.add(1, None, "the file is empty: no header line")
        errors.raise_if_any()
        return []
    except csv.Error as exc:
        errors.add(1, None, f"the header line cannot be read as CSV: {exc}")
        errors.raise_if_any()
        return []
    missing = [name for name in required if name not in header]
    for name in missing:
        errors.add(1, name, "required column is missing from the header")
    counts = Counter(header)
    duplicates = sorted(name for name, count in counts.items() if name and count > 1)
    for name in duplicates:
        errors.add(1, name, "column appears more than once in the header")
    errors.raise_if_any()
    rows: list[CsvRow] = []
    while True:
        first = feed.consumed
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.add(first + 1, None, f"the row cannot be read as CSV: {exc}")
            break
        if not cells or all(not cell.strip() for cell in cells):
            continue
        last = feed.consumed - 1
        start = offsets[first]
        end = offsets[last] + len(lines[last].rstrip("\r\n"))
        line = first + 1
        if len(cells) != len(header):
            errors.add(line, None, f"the row has {len(cells)} cells but the header names {len(header)} columns")
            continue
        rows.append(CsvRow(line=line, span=(start, max(end, start + 1)), values=dict(zip(header, cells, strict=True))))
    return rows


@dataclass
class Cells:
    """Typed reads of one row's cells; each failure is recorded with the row's line and the column."""

    row: CsvRow
    errors: Collector
    failed: bool = field(default=False)

    def error(self, column: str | None, message: str) -> None:
        self.failed = True
        self.errors.add(self.row.line, column, message)

    def text(self, column: str) -> str:
        return self.row.values.get(column, "").strip()

    def integer(self, column: str, *, required: bool = True, minimum: int | None = 0) -> int | None:
        value = self.text(column)
        if not value:
            if required:
                self.error(column, "a whole number is required, the cell is empty")
            return None
        try:
            number = int(value)
        except ValueError:
            try:
                as_float = float(value)
            except ValueError:
                as_float = None
            if as_float is not None and as_float.is_integer():
                number = int(as_float)
            else:
                self.error(column, f"{value!r} is not a whole number")
                return None
        if minimum is not None and number < minimum:
            self.error(column, f"{number} is below {minimum}")
            return None
        return number

    def coordinate(self, column: str, limit: float) -> float | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.error(column, f"{value!r} is not a number")
            return None
        if not -limit <= number <= limit:
            self.error(column, f"{number:g} is outside -{limit:g}..{limit:g}")
            return None
        return number

    def point(self) -> tuple[float | None, float | None]:
        lat = self.coordinate("latitude", 90)
        lon = self.coordinate("longitude", 180)
        if (lat is None) != (lon is None) and not self.failed:
            column = "longitude" if lon is None else "latitude"
            self.error(column, "latitude and longitude must be given together")
        return (lat, lon) if lat is not None and lon is not None else (None, None)

    def date(self, column: str, formats: Sequence[str]) -> dt.date | None:
        value = self.text(column)
        if not value:
            self.error(column, "a date is required, the cell is empty")
            return None
        if len(value) == 10 and value[4] == "-" and value[7] == "-" and "%Y-%m-%d" in formats:
            try:  # the common case, without strptime's cost
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        for fmt in formats:
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        self.error(column, f"{value!r} is not a date ({' or '.join(_format_names(formats))})")
        return None

    def code(self, column: str, codes: Mapping[int, T]) -> T | None:
        number = self.integer(column, minimum=None)
        if number is None:
            return None
        if number not in codes:
            allowed = ", ".join(str(c) for c in sorted(codes))
            self.error(column, f"unknown code {number} (expected one of {allowed})")
            return None
        return codes[number]


def parse_event_rows(
    text: str,
    *,
    required: Sequence[str],
    parse_row: Callable[[Cells], EventRow | None],
    id_column: str,
    file_name: str,
    max_errors: int,
) -> list[EventRow]:
    """Every row of an event-data CSV text through ``parse_row``; a repeated event id is an error
    on ``id_column``. Raises ``EventDataError`` listing each bad row and column."""
    errors = Collector(file_name, max_errors)
    result: list[EventRow] = []
    seen: dict[str, int] = {}
    for row in read_csv(text, required=required, errors=errors):
        cells = Cells(row, errors)
        event = parse_row(cells)
        if event is None:
            continue
        if event.incident.id in seen:
            cells.error(id_column, f"event {event.source_id!r} appears already on line {seen[event.incident.id]}")
            continue
        seen[event.incident.id] = row.line
        result.append(event)
    errors.raise_if_any()
    return result


def _format_names(formats: Sequence[str]) -> list[str]:
    names = {
        "%Y-%m-%d": "YYYY-MM-DD",
        "%d %B %Y": "'24 July 2025'",
        "%d-%B-%Y": "'24-July-2025'",
        "%Y-%m-%d %H:%M:%S": "YYYY-MM-DD HH:MM:SS",
    }
    return list(dict.fromkeys(names[f] for f in formats if f in names))


def validate_incident(
    cells: Cells, build: Callable[[], schema.Incident], columns: Mapping[str, str]
) -> schema.Incident | None:
    """Build the incident; a schema validation error is reported on the row, naming the column."""
    try:
        return build()
    except ValidationError as exc:
        for problem in exc.errors():
            field_name = str(problem["loc"][0]) if problem["loc"] else ""
            cells.error(columns.get(field_name, field_name or None), str(problem["msg"]))
        return None


_SLUG_BAD = re.compile(r"[^a-z0-9._-]+")


def incident_id(prefix: str, source_id: str) -> str:
    """A stable incident id from a data set's event id: ``acled-tha1234``, ``ucdp-532154``."""
    slug = _SLUG_BAD.sub("-", source_id.strip().lower()).strip("-._")
    return f"{prefix}-{slug}"


# --- streaming -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One CSV record read from a stream: its first line, its text (with line breaks) and cells."""

    line: int
    text: str
    cells: list[str]


class CsvStream:
    """The records of a CSV file read line by line from a binary stream: memory stays flat.

    Bytes that are not UTF-8 stop the read with the byte offset, the line and (where the header
    could be read) the column, like :func:`decode_event_file`. A UTF-8 byte-order mark is dropped.
    """

    def __init__(self, handle: IO[bytes], file_name: str) -> None:
        self.handle = handle
        self.file_name = file_name
        self.offset = 0  # bytes read so far
        self.lines_read = 0
        self.header: list[str] = []
        self.header_text = ""
        self._pending: list[str] = []  # lines of the record being read
        csv.field_size_limit(CSV_MAX_FIELD_CHARS)
        self._reader = csv.reader(self._lines(), strict=True)

    def _lines(self) -> Iterator[str]:
        """The file's lines, each checked as it is read (the limits of :func:`check_csv_limits`):
        a header of more than ``CSV_MAX_COLUMNS`` columns, a line longer than
        ``CSV_MAX_LINE_CHARS`` (never read whole into memory) or text a store cannot hold (NUL,
        control characters) stops the read with an error naming the line."""
        while raw := self.handle.readline(MAX_LINE_BYTES + 1):
            if self.lines_read == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                self.offset += 3
            number = self.lines_read + 1
            if number == 1 and raw.count(b",") + 1 > CSV_MAX_COLUMNS:
                self._refuse(1, f"the header has more than {CSV_MAX_COLUMNS} columns; is this an event-data file?")
            if len(raw) > MAX_LINE_BYTES:
                self._refuse(number, f"the line is longer than {CSV_MAX_LINE_CHARS} characters")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._not_utf8(raw, exc)
            if len(line) > CSV_MAX_LINE_CHARS + 2:  # the line break is not counted
                self._refuse(number, f"the line is longer than {CSV_MAX_LINE_CHARS} characters")
            problem = text_problem(line.rstrip("\r\n"))
            if problem is not None:
                self._refuse(number, f"the line {problem}")
            self.offset += len(raw)
            self.lines_read += 1
            self._pending.append(line)
            yield line

    def _refuse(self, line: int, message: str) -> NoReturn:
        raise EventDataError(self.file_name, [RowError(line, None, message)])

    def _not_utf8(self, raw: bytes, exc: UnicodeDecodeError) -> NoReturn:
        line = self.lines_read + 1
        column: str | None = None
        if self.header:
            cells = next(csv.reader([raw[: exc.start].decode("utf-8", errors="replace")]), [""])
            index = max(len(cells) - 1, 0)
            if index < len(self.header):
                column = self.header[index]
        message = (
            f"the file is not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {self.offset + exc.start} "
            "(save it as UTF-8; latin-1 and Windows code pages are not accepted)"
        )
        raise EventDataError(self.file_name, [RowError(line, column, message)]) from exc

    def read_header(self, required: Sequence[str]) -> list[str]:
        """The header's (stripped) column names; a missing or repeated column is an error on line 1."""
        errors = Collector(self.file_name)
        try:
            self.header = [name.strip() for name in next(self._reader)]
        except StopIteration:
            errors.add(1, None, "the file is empty: no header line")
        except csv.Error as exc:
            errors.add(1, None, f"the header line cannot be read as CSV: {exc}")
        errors.raise_if_any()
        self.header_text = "".join(self._pending)
        self._pending.clear()
        for name in required:
            if name not in self.header:
                errors.add(1, name, "required column is missing from the header")
        counts = Counter(self.header)
        for name in sorted(name for name, count in counts.items() if name and count > 1):
            errors.add(1, name, "column appears more than once in the header")
        errors.raise_if_any()
        return self.header

    def __iter__(self) -> Iterator[Record | RowError]:
        """Each non-blank record, or a :class:`RowError` for one that cannot be read as CSV or has
        the wrong number of cells (reading goes on after it)."""
        while True:
            line = self.lines_read + 1
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._pending.clear()
                yield RowError(line, None, f"the row cannot be read as CSV: {exc}")
                return
            text = "".join(self._pending)
            self._pending.clear()
            if not cells or all(not cell.strip() for cell in cells):
                continue
            if len(cells) != len(self.header):
                message = f"the row has {len(cells)} cells but the header names {len(self.header)} columns"
                yield RowError(line, None, message)
                continue
            yield Record(line, text, cells)
