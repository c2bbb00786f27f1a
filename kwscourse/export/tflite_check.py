"""Is this file a whole TFLite model? The ``TFL3`` identifier and a walk over its flatbuffer.

Downloads fail in quiet ways: an address that moved answers with an empty file
or a web page, a dropped connection leaves a file cut short. LiteRT would
reject such files later with an obscure message; :func:`check_tflite` says at
once what is wrong, before anything is cached::

    >>> import os
    >>> empty = os.path.join(tmp(), "empty.tflite")
    >>> _ = open(empty, "wb").write(b"")
    >>> is_whole_tflite(empty)
    False
"""

from __future__ import annotations

import struct
from pathlib import Path

from ..i18n import DataError

#: A TFLite flatbuffer's file identifier, at bytes 4-8.
TFLITE_MAGIC = b"TFL3"


class _CutShort(Exception):
    """A flatbuffer read that would run past the end of the file."""

    def __init__(self, needed: int):
        super().__init__(needed)
        self.needed = needed


def _read(blob: bytes, fmt: str, at: int) -> int:
    end = at + struct.calcsize(fmt)
    if at < 0 or end > len(blob):
        raise _CutShort(end)
    return struct.unpack_from(fmt, blob, at)[0]


def _field(blob: bytes, table: int, index: int):
    """Where field ``index`` of the flatbuffer table at ``table`` is stored, or None if absent."""
    vtable = table - _read(blob, "<i", table)
    slot = 4 + 2 * index
    if slot + 2 > _read(blob, "<H", vtable):
        return None
    offset = _read(blob, "<H", vtable + slot)
    return table + offset if offset else None


def _table_end(blob: bytes, table: int) -> int:
    return table + _read(blob, "<H", table - _read(blob, "<i", table) + 2)


def _vector_tables(blob: bytes, table: int, index: int) -> list[int]:
    """The tables of the vector-of-tables field ``index`` of ``table`` (empty if absent)."""
    field = _field(blob, table, index)
    if field is None:
        return []
    vector = field + _read(blob, "<I", field)
    count = _read(blob, "<I", vector)
    if vector + 4 + 4 * count > len(blob):  # checked first: a damaged count can be billions
        raise _CutShort(vector + 4 + 4 * count)
    entries = [vector + 4 + 4 * i for i in range(count)]
    return [entry + _read(blob, "<I", entry) for entry in entries]


def _buffer_end(blob: bytes, buffer: int) -> int:
    """The byte after a TFLite ``Buffer``'s data: inline (field 0) or after the flatbuffer (1, 2)."""
    end, data = _table_end(blob, buffer), _field(blob, buffer, 0)
    if data is not None:
        start = data + _read(blob, "<I", data)
        end = max(end, start + 4 + _read(blob, "<I", start))
    offset, size = _field(blob, buffer, 1), _field(blob, buffer, 2)
    if offset is not None and size is not None:
        end = max(end, _read(blob, "<Q", offset) + _read(blob, "<Q", size))
    return end


def _flatbuffer_end(blob: bytes) -> int:
    """How many bytes a TFLite model needs: the end of its furthest table or weight buffer.

    Walks the ``Model`` table's vectors (operator codes, subgraphs, buffers,
    metadata, signatures); raises :class:`_CutShort` when a read runs past the end.
    """
    root = _read(blob, "<I", 0)
    ends = [_table_end(blob, root)]
    for index in (1, 2, 6, 7):  # operator_codes, subgraphs, metadata, signature_defs
        ends += [_table_end(blob, table) for table in _vector_tables(blob, root, index)]
    ends += [_buffer_end(blob, buffer) for buffer in _vector_tables(blob, root, 4)]
    return max(ends)


def check_tflite(path, source=None) -> Path:
    """Check that ``path`` holds a whole TFLite flatbuffer; return it as a ``Path``.

    The file must have the ``TFL3`` identifier at bytes 4-8 (an empty file or
    an HTML page has not), and every table and weight buffer it points to must
    lie inside the file (a copy cut short fails).

    Parameters
    ----------
    path : path
        The file to check.
    source : str or path, optional
        What names the file in the error (the address it came from, say); ``path`` by default.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    DataError
        ``tflite.not_tflite`` without the identifier, ``tflite.truncated`` when the file is too short.
    OSError
        When the file cannot be read.

    Examples
    --------
    >>> import os
    >>> page, smallest = (os.path.join(tmp(), name) for name in ("page.tflite", "smallest.tflite"))
    >>> _ = open(page, "wb").write(b"<!doctype html>")
    >>> check_tflite(page, "https://example.org/m.tflite")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kwscourse.i18n.DataError: https://example.org/m.tflite is not a TFLite model: it has 15 bytes...
    >>> _ = open(smallest, "wb").write(bytes(4) + TFLITE_MAGIC + bytes(8))  # the identifier, pointing at nothing
    >>> check_tflite(smallest).name
    'smallest.tflite'
    """
    path = Path(path)
    source = path if source is None else source
    blob = path.read_bytes()
    if len(blob) < 8 or blob[4:8] != TFLITE_MAGIC:
        raise DataError("tflite.not_tflite", source=source, size=len(blob), start=blob[:16])
    try:
        needed = _flatbuffer_end(blob)
    except _CutShort as short:
        needed = short.needed
    if needed > len(blob):
        raise DataError("tflite.truncated", source=source, needed=needed, size=len(blob))
    return path


def is_whole_tflite(path) -> bool:
    """True when :func:`check_tflite` passes: the file exists, is readable and is a whole TFLite model.

    Parameters
    ----------
    path : path

    Returns
    -------
    bool

    Examples
    --------
    >>> is_whole_tflite("/nonexistent/model.tflite")
    False
    """
    try:
        check_tflite(path)
    except (DataError, OSError):
        return False
    return True
