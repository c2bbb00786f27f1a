"""download and extract_archive against the one local HTTP server (tests/httpserver.py) and files made in tmp_path.

The server misbehaves on purpose (see its docstring); every request is recorded,
so the tests prove what went over the wire.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kwscourse.data.archive import extract_archive
from kwscourse.data.download import download, explain_offline, sha256_of
from kwscourse.i18n import DataError, ParameterError, t

from httpserver import free_port_url

PAYLOAD = np.random.default_rng(42).bytes(400_000)  # incompressible, several read chunks
PAYLOAD_SHA = hashlib.sha256(PAYLOAD).hexdigest()
NEW_PAYLOAD = np.random.default_rng(7).bytes(len(PAYLOAD))  # the file replaced, same length
# Bytes a cut-off first call leaves in the part file: whole 64 KiB chunks, as a
# chunk cut short is lost with the connection (urllib3 raises instead of returning it).
CUT = 3 * 65_536


@pytest.fixture(autouse=True)
def _payload_served(server):
    """Every download test starts with ``payload.bin`` on the run's server."""
    server.files["payload.bin"] = PAYLOAD


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- download --------------------------------------------------------------------

def test_download_is_exact_checked_and_then_cached(server, tmp_path):
    dest = tmp_path / "cache" / "payload.bin"  # the folder does not exist yet
    got = download(server.url("payload.bin"), dest, sha256=PAYLOAD_SHA, size=len(PAYLOAD),
                   progress=False)
    assert got == dest and isinstance(got, Path)
    assert dest.read_bytes() == PAYLOAD
    assert len(server.requests) == 1
    assert "Range" not in server.requests[0]
    # The second call finds a matching file and does not ask the server at all.
    again = download(server.url("payload.bin"), dest, sha256=PAYLOAD_SHA.upper(),
                     size=len(PAYLOAD), progress=False)
    assert again == dest and len(server.requests) == 1
    assert files_in(dest.parent) == ["payload.bin"]  # no .part left behind


def test_cached_file_with_the_wrong_hash_is_replaced(server, tmp_path):
    dest = tmp_path / "payload.bin"
    dest.write_bytes(b"stale copy")
    download(server.url("payload.bin"), dest, sha256=PAYLOAD_SHA, progress=False)
    assert dest.read_bytes() == PAYLOAD and len(server.requests) == 1


def test_cached_file_is_used_when_nothing_is_pinned(server, tmp_path):
    dest = tmp_path / "payload.bin"
    dest.write_bytes(b"whatever is there")
    download(server.url("payload.bin"), dest, progress=False)
    assert dest.read_bytes() == b"whatever is there" and server.requests == []


def test_wrong_sha256_leaves_nothing(server, tmp_path):
    wrong = "0" * 64
    with pytest.raises(DataError) as err:
        download(server.url("payload.bin"), tmp_path / "p.bin", sha256=wrong, progress=False)
    assert err.value.key == "data.hash_mismatch"
    assert err.value.fields["got"] == PAYLOAD_SHA and err.value.fields["expected"] == wrong
    assert PAYLOAD_SHA in str(err.value)
    assert files_in(tmp_path) == []  # neither p.bin nor p.bin.part


@pytest.mark.parametrize("send_length", [True, False], ids=["content-length", "no-length"])
@pytest.mark.parametrize("delta", [+1, -1000])
def test_wrong_size_leaves_nothing(server, tmp_path, send_length, delta):
    server.send_length = send_length
    expected = len(PAYLOAD) + delta
    with pytest.raises(DataError) as err:
        download(server.url("payload.bin"), tmp_path / "p.bin", size=expected, attempts=2,
                 progress=False)
    assert err.value.key == "data.size_mismatch"
    assert err.value.fields["expected"] == expected
    assert files_in(tmp_path) == []


def test_interrupted_transfer_is_resumed_with_range(server, tmp_path, capsys):
    server.truncate_first = 1
    dest = download(server.url("payload.bin"), tmp_path / "p.bin", sha256=PAYLOAD_SHA,
                    progress=False)
    assert dest.read_bytes() == PAYLOAD
    assert len(server.requests) == 2
    first, second = server.requests
    assert "Range" not in first
    assert second["Range"].startswith("bytes=") and second["Range"].endswith("-")
    resumed_from = int(second["Range"][len("bytes="):-1])
    assert 0 < resumed_from <= len(PAYLOAD) // 2  # only what arrived before the hang-up
    assert second.get("Accept-Encoding") == "identity"  # byte offsets of the file itself
    out, errors = capsys.readouterr()
    expected_line = t("data.retrying", url=server.url("payload.bin"),
                      detail=f"{resumed_from} / {len(PAYLOAD)} B", attempt=2, attempts=4)
    assert expected_line in out  # on stdout: notebooks show stderr in red
    assert "retrying" not in errors
    assert files_in(tmp_path) == ["p.bin"]


def test_retry_line_follows_the_language(server, tmp_path, capsys, spanish):
    server.truncate_first = 1
    download(server.url("payload.bin"), tmp_path / "p.bin", progress=False)
    out = capsys.readouterr().out
    assert "se cortó" in out and "reintentando (2/4)" in out


def cut_off_call(server, dest: Path, **kwargs) -> None:
    """A first call that gets CUT bytes, then loses the connection for good (attempts=1)."""
    server.truncate_first, server.cut_after = 1, CUT
    with pytest.raises(DataError) as err:
        download(server.url("payload.bin"), dest, attempts=1, progress=False, **kwargs)
    assert err.value.key == "data.size_mismatch" and err.value.fields["got"] == CUT
    server.cut_after = None


@pytest.mark.parametrize("when", ["same call", "next call"])
def test_server_that_ignores_range_restarts_from_scratch(server, tmp_path, when):
    server.validators = True
    if when == "next call":
        cut_off_call(server, tmp_path / "p.bin")
    else:
        server.truncate_first = 1
    server.ignore_range = True
    dest = download(server.url("payload.bin"), tmp_path / "p.bin", sha256=PAYLOAD_SHA,
                    progress=False)
    assert dest.read_bytes() == PAYLOAD  # not the first part twice
    assert len(server.requests) == 2 and "Range" in server.requests[1]
    assert server.statuses[1] == 200 and server.sent[1] == len(PAYLOAD)
    assert files_in(tmp_path) == ["p.bin"]


def test_part_left_by_a_cut_off_call_is_resumed_by_the_next(server, tmp_path):
    server.validators = True
    dest = tmp_path / "p.bin"
    cut_off_call(server, dest, sha256=PAYLOAD_SHA)
    # The part and what it is a prefix of stay for the next call.
    assert files_in(tmp_path) == ["p.bin.part", "p.bin.part.json"]
    assert (tmp_path / "p.bin.part").read_bytes() == PAYLOAD[:CUT]
    record = json.loads((tmp_path / "p.bin.part.json").read_text())
    assert record["etag"] == server.etag("payload.bin") and record["total"] == len(PAYLOAD)
    download(server.url("payload.bin"), dest, sha256=PAYLOAD_SHA, progress=False)
    assert len(server.requests) == 2
    assert server.requests[1]["Range"] == f"bytes={CUT}-"
    assert server.requests[1]["If-Range"] == server.etag("payload.bin")
    assert server.statuses == [200, 206] and server.sent == [CUT, len(PAYLOAD) - CUT]
    assert sha256_of(dest) == PAYLOAD_SHA
    assert files_in(tmp_path) == ["p.bin"]  # the sidecar went with the part


@pytest.mark.parametrize("honour_if_range", [True, False], ids=["if-range", "range-only"])
def test_part_of_a_file_that_changed_restarts_from_zero(server, tmp_path, honour_if_range):
    server.validators, server.honour_if_range = True, honour_if_range
    dest = tmp_path / "p.bin"
    cut_off_call(server, dest)
    old_etag = server.etag("payload.bin")
    server.files["payload.bin"] = NEW_PAYLOAD  # same length, other bytes, other ETag
    download(server.url("payload.bin"), dest, sha256=hashlib.sha256(NEW_PAYLOAD).hexdigest(),
             progress=False)
    assert dest.read_bytes() == NEW_PAYLOAD  # not old bytes spliced with new ones
    assert server.requests[1]["Range"] == f"bytes={CUT}-" and server.requests[1]["If-Range"] == old_etag
    if honour_if_range:  # the server sends the new file whole
        assert server.statuses == [200, 200] and server.sent[1] == len(PAYLOAD)
    else:  # a 206 with another ETag: the part is dropped and the next attempt starts afresh
        assert server.statuses == [200, 206, 200] and "Range" not in server.requests[2]
    assert files_in(tmp_path) == ["p.bin"]


def test_part_without_a_validator_restarts_from_zero(server, tmp_path):
    cut_off_call(server, tmp_path / "p.bin")  # the server sends neither ETag nor Last-Modified
    download(server.url("payload.bin"), tmp_path / "p.bin", sha256=PAYLOAD_SHA, progress=False)
    assert "Range" not in server.requests[1] and server.sent[1] == len(PAYLOAD)
    assert files_in(tmp_path) == ["p.bin"]


@pytest.mark.parametrize("pinned", [True, False], ids=["size", "recorded-total"])
@pytest.mark.parametrize("length", [1000, len(PAYLOAD) + 10], ids=["prefix", "too-long"])
def test_part_longer_than_the_file_restarts(server, tmp_path, pinned, length):
    server.validators = True
    part = tmp_path / "p.bin.part"
    part.write_bytes((PAYLOAD + b"0123456789")[:length])
    record = {"url": server.url("payload.bin"), "etag": server.etag("payload.bin"),
              "last_modified": server.last_modified, "total": len(PAYLOAD)}
    (tmp_path / "p.bin.part.json").write_text(json.dumps(record))
    download(server.url("payload.bin"), tmp_path / "p.bin", sha256=PAYLOAD_SHA,
             size=len(PAYLOAD) if pinned else None, progress=False)
    assert (tmp_path / "p.bin").read_bytes() == PAYLOAD and len(server.requests) == 1
    if length < len(PAYLOAD):  # the same record with a true prefix is resumed
        assert server.requests[0]["Range"] == "bytes=1000-" and server.sent == [len(PAYLOAD) - 1000]
    else:
        assert "Range" not in server.requests[0] and server.sent == [len(PAYLOAD)]
    assert files_in(tmp_path) == ["p.bin"]


@pytest.mark.parametrize("attempts", [1, 3])
def test_transfer_that_always_breaks_gives_up_after_attempts(server, tmp_path, attempts):
    server.always_truncate = True
    with pytest.raises(DataError) as err:
        download(server.url("payload.bin"), tmp_path / "p.bin", attempts=attempts,
                 progress=False)
    assert err.value.key == "data.size_mismatch"
    assert err.value.fields["expected"] == len(PAYLOAD)
    assert len(server.requests) == attempts
    # What arrived stays for the next call, which resumes it.
    assert files_in(tmp_path) == ["p.bin.part", "p.bin.part.json"]
    kept = (tmp_path / "p.bin.part").read_bytes()
    assert 0 < len(kept) <= sum(server.sent) and kept == PAYLOAD[:len(kept)]
    assert err.value.fields["got"] == len(kept)


def test_server_down_is_a_network_error(tmp_path):
    url = free_port_url()
    with pytest.raises(DataError) as err:
        download(url, tmp_path / "p.bin", attempts=2, progress=False)
    assert err.value.key == "data.network" and isinstance(err.value, OSError)
    assert err.value.fields["url"] == url
    assert "refused" in err.value.fields["detail"].lower()
    assert str(err.value).startswith(f"Could not download {url}")
    assert files_in(tmp_path) == []


def test_server_down_message_is_spanish(tmp_path, spanish):
    with pytest.raises(DataError) as err:
        download(free_port_url(), tmp_path / "p.bin", attempts=2, progress=False)
    message = str(err.value)
    assert err.value.key == "data.network"
    assert message == t("data.network", lang="es", **err.value.fields)
    assert message.startswith("No se pudo descargar") and "conexión a internet" in message
    assert files_in(tmp_path) == []


def test_http_404(server, tmp_path):
    with pytest.raises(DataError) as err:
        download(server.url("missing.bin"), tmp_path / "m.bin", progress=False)
    assert err.value.key == "data.http_status" and err.value.fields["status"] == 404
    assert "404" in str(err.value)
    assert len(server.requests) == 1  # a 4xx is not worth retrying
    assert files_in(tmp_path) == []


def test_http_500_is_retried_then_reported(server, tmp_path):
    server.status["payload.bin"] = 500
    with pytest.raises(DataError) as err:
        download(server.url("payload.bin"), tmp_path / "p.bin", attempts=3, progress=False)
    assert err.value.key == "data.http_status" and err.value.fields["status"] == 500
    assert len(server.requests) == 3
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("failure", ["404", "hash", "truncated"])
def test_failed_forced_refresh_keeps_the_good_file(server, tmp_path, failure):
    dest = tmp_path / "payload.bin"
    dest.write_bytes(b"old but good")
    # The pinned hash does not match the cached file, which forces a new download ...
    url, sha = server.url("payload.bin"), PAYLOAD_SHA
    if failure == "404":
        url = server.url("gone.bin")
    elif failure == "hash":
        sha = "1" * 64
    else:
        server.always_truncate = True
    # ... and that download fails.
    with pytest.raises(DataError):
        download(url, dest, sha256=sha, attempts=2, progress=False)
    assert len(server.requests) >= 1
    assert dest.read_bytes() == b"old but good"
    kept = ["payload.bin.part", "payload.bin.part.json"] if failure == "truncated" else []
    assert files_in(tmp_path) == ["payload.bin"] + kept  # a broken transfer is kept to resume


@pytest.mark.parametrize("kwargs, word", [
    ({"url": "ftp://example.org/x"}, "url"),
    ({"url": "127.0.0.1/x"}, "url"),
    ({"sha256": "xyz"}, "sha256"),
    ({"sha256": "g" * 64}, "sha256"),
    ({"attempts": 0}, "attempts"),
    ({"attempts": 1.5}, "attempts"),
    ({"size": -1}, "size"),
    ({"url": None}, "url"),
    ({"size": True}, "size"),
    ({"timeout": 0}, "timeout"),
    ({"timeout": (5, -1)}, "timeout"),
    ({"chunk_size": 0}, "chunk_size"),
    ({"dest": ""}, "dest"),
])
def test_bad_arguments_are_refused_before_any_request(server, tmp_path, kwargs, word):
    args = {"url": server.url("payload.bin"), "dest": tmp_path / "x", **kwargs}
    url, dest = args.pop("url"), args.pop("dest")
    with pytest.raises(ParameterError, match=word) as err:
        download(url, dest, progress=False, **args)
    assert isinstance(err.value, ValueError)
    assert server.requests == [] and files_in(tmp_path) == []


def test_bad_argument_message_is_spanish(server, tmp_path, spanish):
    with pytest.raises(ParameterError) as err:
        download(server.url("payload.bin"), tmp_path / "x", sha256="xyz", progress=False)
    assert err.value.key == "data.bad_sha256"
    assert str(err.value) == "sha256 debe tener 64 dígitos hexadecimales (o ser None), no 'xyz'."


def test_dest_that_is_a_folder_is_refused(server, tmp_path):
    with pytest.raises(ParameterError, match="folder") as err:
        download(server.url("payload.bin"), tmp_path, progress=False)
    assert err.value.key == "data.dest_is_folder" and err.value.fields["path"] == tmp_path
    assert server.requests == []


def test_sha256_of_reads_in_blocks():
    assert sha256_of(Path(__file__), chunk_size=7) == hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


# --- explain_offline --------------------------------------------------------------------

@pytest.mark.parametrize("failure", ["network", "http_status"])
def test_explain_offline_says_what_to_do(tmp_path, failure):
    raised = {"network": DataError("data.network", url="http://x", detail="Connection refused"),
              "http_status": DataError("data.http_status", url="http://x", status=503)}[failure]
    with pytest.raises(DataError) as err, explain_offline("ESC-50", tmp_path / "esc50"):
        raise raised
    assert err.value.key == "data.offline_no_cache"
    assert err.value.fields == {"name": "ESC-50", "path": tmp_path / "esc50",
                                "detail": {"network": "Connection refused", "http_status": "HTTP 503"}[failure]}
    assert "KWSCOURSE_SMOKE=1" in str(err.value)


def test_explain_offline_lets_other_errors_through(tmp_path):
    damaged = DataError("data.hash_mismatch", url="http://x", got="1" * 64, expected="0" * 64)
    with pytest.raises(DataError) as err, explain_offline("ESC-50", tmp_path):
        raise damaged
    assert err.value is damaged
    with explain_offline("ESC-50", tmp_path):
        pass  # nothing raised, nothing changed


# --- extract_archive -------------------------------------------------------------------

def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return path


def add_file(tar: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    tar.addfile(info, io.BytesIO(body))


def add_link(tar: tarfile.TarFile, name: str, target: str, kind=tarfile.SYMTYPE) -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    tar.addfile(info)


def text_lines(n: int) -> bytes:
    return b"".join(b"line %d\n" % i for i in range(n))


def test_good_zip_extracts(tmp_path):
    archive = make_zip(tmp_path / "a.zip", {"top/x.txt": b"x", "top/sub/y.txt": b"y", "top/empty/": b""})
    out = extract_archive(archive, tmp_path / "out")
    assert out == tmp_path / "out"
    assert (out / "top" / "x.txt").read_bytes() == b"x"
    assert (out / "top" / "sub" / "y.txt").read_bytes() == b"y"
    assert (out / "top" / "empty").is_dir()
    assert archive.exists()  # extract_archive never deletes a good archive
    assert files_in(tmp_path) == ["a.zip", "out"]  # no out.partial
    assert files_in(out) == [".complete", "top"]  # marked complete


@pytest.mark.parametrize("suffix, mode", [(".tar.gz", "w:gz"), (".tgz", "w:gz"), (".tar", "w")])
def test_good_tar_extracts_with_inner_links(tmp_path, suffix, mode):
    archive = tmp_path / f"a{suffix}"
    with tarfile.open(archive, mode) as tar:
        add_file(tar, "top/z.txt", b"z")
        add_file(tar, "top/big.txt", text_lines(20_000))
        add_link(tar, "top/alias.txt", "z.txt")  # a symlink that stays inside is fine
    out = extract_archive(archive, tmp_path / "out")
    assert (out / "top" / "z.txt").read_bytes() == b"z"
    assert (out / "top" / "big.txt").read_bytes() == text_lines(20_000)
    assert (out / "top" / "alias.txt").is_symlink()
    assert (out / "top" / "alias.txt").read_bytes() == b"z"
    assert not (tmp_path / "out.partial").exists()


def test_tar_made_with_dot_members_extracts(tmp_path):
    # `tar -C folder -czf a.tgz .` names its members "./", "./a.txt", ...
    archive = tmp_path / "dot.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        folder = tarfile.TarInfo(".")
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        add_file(tar, "./a.txt", b"a")
    out = extract_archive(archive, tmp_path / "out")
    assert files_in(out) == [".complete", "a.txt"] and (out / "a.txt").read_bytes() == b"a"


def test_extract_replaces_an_older_target(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "stale.txt").write_text("old")
    extract_archive(make_zip(tmp_path / "a.zip", {"new.txt": b"new"}), target, note="from a test")
    assert files_in(target) == [".complete", "new.txt"]
    assert (target / ".complete").read_text() == "from a test\n"


def test_a_stale_partial_folder_is_cleared_first(tmp_path):
    (tmp_path / "out.partial").mkdir()
    (tmp_path / "out.partial" / "half.txt").write_text("left by a crash")
    out = extract_archive(make_zip(tmp_path / "a.zip", {"new.txt": b"new"}), tmp_path / "out")
    assert files_in(out) == [".complete", "new.txt"] and files_in(tmp_path) == ["a.zip", "out"]


def test_missing_archive_and_bad_arguments(tmp_path, spanish):
    with pytest.raises(DataError) as err:
        extract_archive(tmp_path / "gone.zip", tmp_path / "out")
    assert err.value.key == "data.archive_missing" and str(tmp_path / "gone.zip") in str(err.value)
    for archive, target, name in [(None, tmp_path / "out", "archive"), (tmp_path / "a.zip", 3, "target")]:
        with pytest.raises(ParameterError) as err:
            extract_archive(archive, target)
        assert err.value.key == "checks.path" and str(err.value).startswith(f"{name} debe ser la ruta")
    assert files_in(tmp_path) == []


def corrupt_bytes(kind: str, tmp_path: Path) -> bytes:
    if kind == "random":
        return np.random.default_rng(1).bytes(5000)
    if kind == "truncated":
        good = make_zip(tmp_path / "good.zip", {f"f{i}.bin": np.random.default_rng(i).bytes(4000)
                                                for i in range(5)})
        return good.read_bytes()[:9000]
    # "flipped": the directory at the end is intact, a member's compressed data is not.
    good = make_zip(tmp_path / "good.zip", {"f.txt": text_lines(20_000)})
    damaged = bytearray(good.read_bytes())
    for i in range(100, 300):
        damaged[i] ^= 0x5A
    return bytes(damaged)


@pytest.mark.parametrize("kind", ["random", "truncated", "flipped"])
def test_corrupt_zip_is_reported_and_removed(tmp_path, kind):
    archive = tmp_path / "bad.zip"
    archive.write_bytes(corrupt_bytes(kind, tmp_path))
    with pytest.raises(DataError) as err:
        extract_archive(archive, tmp_path / "out")
    assert err.value.key == "data.bad_archive"
    assert err.value.fields["path"] == archive and err.value.fields["kind"] == "zip"
    assert str(archive) in str(err.value)
    assert not archive.exists()  # so the next fetch downloads it again
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.partial").exists()


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_corrupt_tar_gz_is_reported_not_half_extracted(tmp_path, damage):
    archive = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for i in range(5):
            add_file(tar, f"f{i}.txt", text_lines(20_000))
    raw = bytearray(archive.read_bytes())
    if damage == "truncated":
        raw = raw[: len(raw) * 2 // 3]
    else:  # damage in the middle: tarfile alone would stop there and extract only the first files
        middle = len(raw) // 2
        for i in range(middle, middle + 200):
            raw[i] ^= 0x5A
    archive.write_bytes(bytes(raw))
    with pytest.raises(DataError) as err:
        extract_archive(archive, tmp_path / "out")
    assert err.value.key == "data.bad_archive" and err.value.fields["kind"] == "tar.gz"
    assert not archive.exists()
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.partial").exists()


def test_tar_with_a_damaged_header_is_not_cut_short(tmp_path):
    # Plain tarfile stops quietly at a bad header after the first and extracts only what came before.
    archive = tmp_path / "bad.tar"
    with tarfile.open(archive, "w") as tar:
        for i in range(3):
            add_file(tar, f"f{i}.txt", b"x" * 1000)
    raw = bytearray(archive.read_bytes())
    second_header = 512 + 1024  # first header, then its data padded to whole 512-byte blocks
    assert raw[second_header:second_header + 6] == b"f1.txt"
    raw[second_header + 148:second_header + 156] = b"0000000\0"  # a wrong header checksum
    archive.write_bytes(bytes(raw))
    with pytest.raises(DataError) as err:
        extract_archive(archive, tmp_path / "out")
    assert err.value.key == "data.bad_archive" and err.value.fields["kind"] == "tar"
    assert not (tmp_path / "out").exists() and not archive.exists()


def test_tar_gz_with_a_wrong_gzip_checksum_is_refused(tmp_path):
    archive = tmp_path / "bad.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        add_file(tar, "f.txt", text_lines(1000))
    raw = bytearray(archive.read_bytes())
    raw[-8] ^= 0xFF  # the CRC-32 in the gzip trailer; every tar block still decodes
    archive.write_bytes(bytes(raw))
    with pytest.raises(DataError) as err:
        extract_archive(archive, tmp_path / "out")
    assert err.value.key == "data.bad_archive" and "CRC" in err.value.fields["detail"]
    assert not (tmp_path / "out").exists() and not archive.exists()


def test_zip_slip_is_refused(tmp_path):
    archive = make_zip(tmp_path / "evil.zip", {"ok.txt": b"ok", "../evil.txt": b"pwned"})
    target = tmp_path / "sub" / "out"
    with pytest.raises(DataError) as err:
        extract_archive(archive, target)
    assert err.value.key == "data.unsafe_archive"
    assert err.value.fields["member"] == "../evil.txt" and "../evil.txt" in str(err.value)
    assert not (tmp_path / "sub" / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()
    assert not target.exists() and not (tmp_path / "sub" / "out.partial").exists()
    assert archive.exists()  # refused, but not "damaged": it is kept


def make_evil_tar(path: Path, kind: str, outside: Path) -> None:
    with tarfile.open(path, "w") as tar:
        add_file(tar, "fine.txt", b"fine")
        if kind == "absolute":
            add_file(tar, str(outside / "abs_evil.txt"), b"evil")
        elif kind == "dotdot":
            add_file(tar, "a/../../evil.txt", b"evil")
        elif kind == "symlink_etc":
            add_link(tar, "etc", "/etc")
            add_file(tar, "etc/evil.txt", b"evil")
        elif kind == "symlink_up":
            add_link(tar, "up", "../..")
        elif kind == "hardlink":
            add_link(tar, "passwd", "../../etc/passwd", kind=tarfile.LNKTYPE)
        elif kind == "link_chain":
            # Each link looks harmless on its own; together x/a/b points above the target.
            add_link(tar, "x/a", "..")
            add_link(tar, "x/a/b", "..")
            add_file(tar, "x/a/b/evil.txt", b"evil")
        elif kind == "device":
            info = tarfile.TarInfo("null")
            info.type = tarfile.CHRTYPE
            tar.addfile(info)


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink_etc", "symlink_up", "hardlink",
                                  "link_chain", "device"])
def test_tar_escapes_are_refused(tmp_path, kind):
    outside = tmp_path / "outside"
    outside.mkdir()
    archive = tmp_path / "evil.tar"
    make_evil_tar(archive, kind, outside)
    target = tmp_path / "in" / "out"
    with pytest.raises(DataError) as err:
        extract_archive(archive, target)
    assert err.value.key == "data.unsafe_archive"
    assert not target.exists() and not (tmp_path / "in" / "out.partial").exists()
    assert files_in(outside) == []
    assert sorted(p.name for p in tmp_path.rglob("*evil*")) == ["evil.tar"]


def test_unknown_archive_type(tmp_path):
    (tmp_path / "x.rar").write_bytes(b"rar")
    with pytest.raises(DataError) as err:
        extract_archive(tmp_path / "x.rar", tmp_path / "out")
    assert err.value.key == "data.unknown_archive" and ".tgz" in str(err.value)
    assert (tmp_path / "x.rar").exists() and not (tmp_path / "out").exists()


