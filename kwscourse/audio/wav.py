"""Inside a WAV file: its RIFF header and chunks, decoded byte by byte (lesson 3).

A WAV file is a RIFF container: the 12 bytes ``RIFF <size> WAVE``, then chunks,
each a 4-byte name, a 4-byte little-endian size and its bytes. The ``fmt ``
chunk says how the samples are stored, the ``data`` chunk holds them; other
chunks (``fact``, ``PEAK``, ``LIST``...) may come in between, so a reader must
walk the chunks instead of assuming the samples start at byte 44. Reading the
samples themselves is :func:`kwscourse.audio.waveform.load`'s job.

    >>> import numpy as np
    >>> from kwscourse import audio
    >>> pcm = audio.write_wav(Path(tmp()) / "a.wav", np.zeros(160, "float32"))
    >>> header(pcm)["chunks"], header(pcm)["data_offset"]
    ('fmt, data', 44)
"""

from __future__ import annotations

import struct
from pathlib import Path

from ..i18n import AudioError

#: The ``audio_format`` codes of the ``fmt `` chunk that the course meets.
FORMAT_NAMES = {1: "PCM", 3: "IEEE float", 0xFFFE: "WAVE_FORMAT_EXTENSIBLE"}
#: Only the start of a file is read: the header of any real WAV fits in it.
_HEAD_BYTES = 1 << 20


def _fmt_fields(raw: bytes, offset: int, size: int) -> dict:
    """The fields of the ``fmt `` chunk whose header starts at ``offset``."""
    fields = struct.unpack_from("<HHIIHH", raw, offset + 8)
    return {"fmt_size": size, "audio_format": fields[0], "audio_format_name": FORMAT_NAMES.get(fields[0], "other"),
            "num_channels": fields[1], "sample_rate": fields[2], "byte_rate": fields[3],
            "block_align": fields[4], "bits_per_sample": fields[5]}


def header(path) -> dict:
    """Decode a WAV file's RIFF header: the fields of the classic 44-byte layout.

    Returns
    -------
    dict
        In file order: ``chunk_id`` ("RIFF"), ``chunk_size``, ``format`` ("WAVE"),
        ``fmt_size``, ``audio_format`` (1 = PCM, 3 = IEEE float),
        ``audio_format_name``, ``num_channels``, ``sample_rate``, ``byte_rate``,
        ``block_align``, ``bits_per_sample``, ``data_size``, ``data_offset`` (where
        the samples start: 44 in the classic 16-bit PCM layout, 80 in libsndfile's
        float files, whose ``fact`` and ``PEAK`` chunks come first), ``chunks`` (the
        chunk names in file order, e.g. ``"fmt, fact, PEAK, data"``) and
        ``duration_s``. Chunks other than ``fmt `` and ``data`` are named, not decoded.

    Raises
    ------
    AudioError
        For a missing file, or one without the RIFF/WAVE header or its chunks.

    Examples
    --------
    >>> import numpy as np
    >>> from kwscourse import audio
    >>> p = audio.write_wav(Path(tmp()) / "n.wav", np.zeros(16000, "float32"), subtype="FLOAT")
    >>> h = header(p)
    >>> h["audio_format"], h["bits_per_sample"], h["sample_rate"], h["duration_s"], h["data_offset"]
    (3, 32, 16000, 1.0, 80)
    """
    path = Path(path)
    if not path.is_file():
        raise AudioError("wav.not_found", source=str(path))
    raw = path.read_bytes()[:_HEAD_BYTES]
    if len(raw) < 12 or raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise AudioError("wav.not_wav", source=str(path))
    fields = {"chunk_id": "RIFF", "chunk_size": struct.unpack_from("<I", raw, 4)[0], "format": "WAVE",
              **_walk_chunks(raw)}
    if "audio_format" not in fields or "data_size" not in fields:
        raise AudioError("wav.not_wav", source=str(path))
    fields["duration_s"] = fields["data_size"] / max(fields["byte_rate"], 1)
    return fields


def _walk_chunks(raw: bytes) -> dict:
    """The ``fmt `` fields, where ``data`` starts and how long it is, and the chunk names up to it."""
    fields, offset, names = {}, 12, []
    while offset + 8 <= len(raw):
        chunk_id, size = raw[offset:offset + 4], struct.unpack_from("<I", raw, offset + 4)[0]
        names.append(chunk_id.decode("latin-1").strip())
        if chunk_id == b"fmt " and offset + 24 <= len(raw):
            fields.update(_fmt_fields(raw, offset, size))
        elif chunk_id == b"data":
            fields.update(data_size=size, data_offset=offset + 8)
            break
        offset += 8 + size + (size & 1)  # chunks are padded to an even length
    fields["chunks"] = ", ".join(names)
    return fields
