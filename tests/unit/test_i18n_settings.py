"""The message catalogue and the one settings object."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import kwscourse
from kwscourse import i18n

PACKAGE = Path(kwscourse.__file__).parent


@pytest.mark.parametrize("key", sorted(i18n.MESSAGES))
def test_every_message_has_both_languages_and_the_same_fields(key):
    entry = i18n.MESSAGES[key]
    assert set(entry) == {"en", "es"}, f"{key} lacks a language"
    assert entry["en"].strip() and entry["es"].strip()
    assert i18n.fields_of(entry["en"]) == i18n.fields_of(entry["es"]), key


def test_spanish_entries_are_translated_not_copied():
    # Short labels like "error: {message}" may coincide; long sentences must not.
    same = [k for k, e in i18n.MESSAGES.items() if e["en"] == e["es"] and len(e["en"]) > 20]
    assert same == []


def test_every_key_used_in_the_package_exists():
    used = set()
    pattern = re.compile(r"""(?:\bt|Error)\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    for path in PACKAGE.glob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no message keys: the pattern is broken"
    assert sorted(used - set(i18n.MESSAGES)) == []


def test_error_text_follows_the_language(spanish):
    err = i18n.AudioError("audio.empty", source="x.wav")
    assert "vacío" in str(err) and err.key == "audio.empty"
    assert isinstance(err, ValueError)


def test_unknown_message_key_is_a_clear_keyerror():
    with pytest.raises(KeyError, match="no message"):
        i18n.t("nope.nothing")


def test_settings_validate_language():
    with pytest.raises(ValueError, match="en.*es"):
        kwscourse.set_language("fr")
    assert kwscourse.settings.language == "en"


def test_settings_read_the_environment(tmp_path):
    code = ("import kwscourse as k; s=k.settings; "
            "print(s.language, s.smoke, s.data_dir)")
    env = {"KWSCOURSE_LANG": "es", "KWSCOURSE_SMOKE": "1", "KWSCOURSE_DATA": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["es", "True", str(tmp_path.resolve())]


def test_default_data_dir_is_the_checkout_data_folder(monkeypatch):
    monkeypatch.delenv("KWSCOURSE_DATA", raising=False)
    from kwscourse._internal.config import _default_data_dir

    assert _default_data_dir() == PACKAGE.parent / "data"


def test_import_is_light():
    """`import kwscourse` must not drag in TensorFlow, torch, pandas or matplotlib."""
    code = ("import sys, kwscourse, kwscourse.audio.waveform, kwscourse.synthetic.speech, kwscourse.cli.main; "
            "heavy = [m for m in ('tensorflow', 'torch', 'keras', 'matplotlib', 'pandas') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
