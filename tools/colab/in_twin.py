"""Run inside the Colab twin by tools/colab_twin.py, with the twin's own Python 3.13.

    python in_twin.py install CELL.py      run a notebook's install cell as Colab would:
                                           in IPython, with google.colab imported
    python in_twin.py run OUT.json NB...   run notebooks top to bottom (nbclient) and write
                                           one result per notebook

Only the standard library and the twin's preinstalled packages are used here.
"""

from __future__ import annotations

import json
import sys
import time
import types
from pathlib import Path


def pretend_colab() -> None:
    """Make ``"google.colab" in sys.modules`` true, as the install cell tests."""
    google = sys.modules.setdefault("google", types.ModuleType("google"))
    colab = types.ModuleType("google.colab")
    colab.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: None)
    google.colab = colab
    sys.modules["google.colab"] = colab


def install(cell_file: str) -> int:
    from IPython.core.interactiveshell import InteractiveShell

    pretend_colab()
    shell = InteractiveShell.instance()
    result = shell.run_cell(Path(cell_file).read_text(encoding="utf-8"))
    return 0 if result.success else 1


def _first_error(nb) -> dict:
    for index, cell in enumerate(nb.cells):
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue  # a cell that shows an error on purpose
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return {"cell": index, "cell_id": cell.get("id", ""),
                        "error": f"{output.get('ename')}: {output.get('evalue')}"[:400]}
    return {}


def run(out_file: str, *notebooks: str) -> int:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    results = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=900, kernel_name="python3",
                                resources={"metadata": {"path": str(Path(path).parent)}})
        started = time.monotonic()
        try:
            client.execute()
            problem = _first_error(nb)  # an error output that did not stop the run still counts
        except CellExecutionError as err:
            problem = _first_error(nb) or {"error": str(err).strip().splitlines()[-1][:400]}
        except Exception as err:  # a dead kernel or a timeout: this notebook fails, the next one runs
            problem = {"error": f"{type(err).__name__}: {err}"[:400]}
        results.append({"notebook": path, "ok": not problem, "seconds": round(time.monotonic() - started, 1),
                        "cells": len(nb.cells), **problem})
        print(f"{'ok  ' if not problem else 'FAIL'} {path} ({results[-1]['seconds']} s)"
              + (f": {problem}" if problem else ""), flush=True)
    Path(out_file).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    sys.exit({"install": install, "run": run}[command](*args))
