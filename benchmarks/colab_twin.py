"""The Colab twin: how long each install cell takes, what it adds, and each notebook's run time.

Part of ``benchmarks/run.py`` (``--only colab``). The figures come from the report of the
last ``make colab-check`` on this machine (``$KWSCOURSE_TWIN_HOME/last-check.json``); when
there is none, the check runs first (root only, 10-20 minutes).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Colab twin (Python 3.13, Colab's packages)"


def _twin_tool():
    spec = importlib.util.spec_from_file_location("colab_twin", ROOT / "tools" / "colab_twin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figures(workdir: Path) -> dict:
    report = _twin_tool().twin_home() / "last-check.json"
    if not report.is_file():
        subprocess.run([sys.executable, str(ROOT / "tools" / "colab_twin.py"), "check"], check=False)
    return json.loads(report.read_text()) if report.is_file() else {}


def section(fig: dict) -> list[str]:
    lines = [HEADING, ""]
    if not fig.get("groups"):
        return lines + ["Not measured: `make colab-check` has not run on this machine (it needs root).", ""]
    lines += ["Each kind of install cell runs in a fresh copy of the twin; the time includes the "
              "downloads from PyPI, so it depends on the network.", "",
              "| install cell | seconds | Colab packages changed | packages added |", "|---|---|---|---|"]
    for group in fig["groups"]:
        lines.append(f"| `{' ; '.join(group['pip'])}` | {group['install_seconds']:.0f} | {len(group['changed'])} "
                     f"| {', '.join(group['added']) or 'none'} |")
    lines += ["", "| notebook (smoke mode) | seconds | ran to the end |", "|---|---|---|"]
    for group in fig["groups"]:
        for result in group["results"]:
            lines.append(f"| {result['notebook']} | {result.get('seconds', 0):.0f} | {'yes' if result['ok'] else 'no'} |")
    export = next((g["export"] for g in fig["groups"] if g.get("export")), {})
    if export:
        runs = "; ".join(f"{name}: {outcome}" for name, outcome in export.items() if name != "ok")
        lines += ["", f"Lesson 1's SavedModel export tests: {runs}."]
    widgets = fig.get("widgets") or {}
    if widgets:
        lines += ["", f"Widgets with ipywidgets 7.7.1 and anywidget 0.9.21: {widgets['kernel_passed']} kernel-side "
                      f"tests passed ({len(widgets['kernel_failed'])} failed); in the classic Notebook 6.5.7 with a "
                      f"fake microphone, {widgets['browser_passed']} browser tests passed "
                      f"({len(widgets['browser_failed'])} failed)."]
    return lines + [""]
