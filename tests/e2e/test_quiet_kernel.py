"""No stray stderr in a real Jupyter kernel, including C++ logs written to fd 2.

nbval's kernels do not forward file-descriptor output (ipykernel turns that off
under pytest), so TensorFlow's C++ start-up lines would slip past the notebook
check. This test runs a kernel the way JupyterLab does and looks at what a
student would see.
"""

from __future__ import annotations

import nbformat
import pytest

pytestmark = pytest.mark.slow

CELLS = [
    "import kwscourse, numpy as np\nkwscourse.notebook.setup_notebook('en', quiet=True)",
    "spec = kwscourse.kws.features.spectrogram(np.zeros((2, 16000), np.float32))\nprint(spec.shape)",
    "import tensorflow as tf, keras\nmodel = kwscourse.kws.cnn.build_kws_model((124, 129, 1), ['a', 'b'])\n"
    "print(model.count_params())",
    "import os\nos.system('echo fd-level-check >&2')",
]


def test_tensorflow_start_up_is_silent_in_a_real_kernel(monkeypatch, tmp_path):
    from nbclient import NotebookClient

    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)  # let ipykernel capture fd 2
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)  # `make test` sets it; the package must not need it
    monkeypatch.setenv("KWSCOURSE_DATA", str(tmp_path))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in CELLS])
    NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    stderr = [[out.get("text", "") for out in cell.outputs if out.get("name") == "stderr"]
              for cell in nb.cells]
    # The last cell proves fd-level stderr is really captured here.
    assert "fd-level-check" in "".join(stderr[-1])
    assert stderr[:-1] == [[], [], []], stderr
    assert "(2, 124, 129, 1)" in nb.cells[1].outputs[0]["text"]
