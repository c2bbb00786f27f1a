"""The key code the lessons show is the code the package runs: the two cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import kwscourse
from kwscourse import transfer
from kwscourse.kws import features
from kwscourse.kws import cnn as models
from kwscourse.authoring import notebook_source

SOURCES = Path(__file__).resolve().parents[2] / "notebooks" / "src"


def lesson_cell(stem: str, cell_id: str) -> str:
    cells = {c.cell_id: c for c in notebook_source.parse(SOURCES / f"{stem}.md")}
    return cells[cell_id].text["en"]


def run_cell(stem: str, cell_id: str, **names) -> dict:
    namespace = dict(names)
    exec(compile(lesson_cell(stem, cell_id), f"{stem}:{cell_id}", "exec"), namespace)
    return namespace


def layer_configs(model) -> list[tuple[str, dict]]:
    """Each layer's class and configuration, without the names Keras numbers on its own."""
    out = []
    for layer in model.layers:
        config = {k: v for k, v in layer.get_config().items() if k not in ("name", "dtype")}
        out.append((type(layer).__name__, config))
    return out


def test_lesson1_cnn_is_the_package_cnn():
    import keras

    labels = ["down", "go", "left", "no", "right", "stop", "up", "yes"]
    normalization = keras.layers.Normalization()
    cell = run_cell("01_keyword_spotting", "build-model", keras=keras, layers=keras.layers,
                    input_shape=(124, 129, 1), normalization=normalization, label_names=labels)
    package = models.build_kws_model((124, 129, 1), labels, normalization)
    assert layer_configs(cell["model"]) == layer_configs(package)
    assert cell["model"].count_params() == package.count_params() == 1625611


def test_lesson1_stft_is_the_package_spectrogram():
    cell = run_cell("01_keyword_spotting", "stft")
    chirp = np.sin(2 * np.pi * np.cumsum(np.linspace(100, 4000, 16000)) / 16000).astype(np.float32)
    ours = np.asarray(cell["stft_magnitude"](chirp))
    assert ours.shape == (124, 129, 1)
    np.testing.assert_allclose(ours, np.asarray(features.spectrogram(chirp)), rtol=1e-6, atol=1e-6)


def test_lesson1_export_module_scores_like_the_package_export():
    import keras

    labels = ["no", "yes"]
    stft = run_cell("01_keyword_spotting", "stft")
    cell = run_cell("01_keyword_spotting", "export-module", tf=stft["tf"],
                    stft_magnitude=stft["stft_magnitude"])
    model = models.build_kws_model((124, 129, 1), labels, keras.layers.Normalization(mean=0.0, variance=1.0))
    batch = np.random.default_rng(0).uniform(-0.5, 0.5, (3, 16000)).astype(np.float32)
    ours = cell["KeywordSpotter"](model, labels)(batch)
    package = models.export_model(model, labels)(batch)
    np.testing.assert_allclose(ours["predictions"].numpy(), package["predictions"].numpy(), atol=1e-6)
    assert ours["class_names"].numpy().tolist() == package["class_names"].numpy().tolist()


def test_lesson3_head_is_the_package_head():
    import keras

    class_names = ["crying_baby", "clock_alarm", "toilet_flush", "water_drops"]
    namespace = run_cell("03_transfer_learning", "head", class_names=class_names, kwscourse=kwscourse)
    assert layer_configs(namespace["head"]) == layer_configs(transfer.build_head(4))
    assert namespace["keras"] is keras


def test_lesson3_clip_class_is_the_mean_over_frames():
    head = transfer.build_head(2)
    clip = np.random.default_rng(1).standard_normal((7, 1024)).astype(np.float32)
    source = lesson_cell("03_transfer_learning", "evaluate").split("\n\n\n")[0]
    namespace = {"head": head, "np": np}
    exec(source, namespace)
    assert namespace["clip_class"](clip) == int(transfer.clip_scores(head, [clip])[0].argmax())


SUBPACKAGES = ("audio", "data", "synthetic", "kws", "yamnet", "hf", "export", "ui")
EXERCISES = Path(kwscourse.__file__).resolve().parent / "exercises" / "sources"


def _kwscourse_paths(code: str) -> list[tuple[str, ...]]:
    """Every ``kwscourse.a.b...`` a cell names: attribute chains and ``from kwscourse... import`` lines."""
    import ast
    paths, tree = [], ast.parse(code)
    inner_links = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kwscourse"):
            paths += [(*node.module.split(".")[1:], alias.name) for alias in node.names]
        elif isinstance(node, ast.Attribute) and id(node) not in inner_links:
            chain, inner = [], node
            while isinstance(inner, ast.Attribute):
                chain.insert(0, inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id == "kwscourse":
                paths.append(tuple(chain))
    return paths


def _outside_public_api(path: tuple[str, ...]) -> bool:
    import importlib
    head, rest = path[0], path[1:]
    if head not in kwscourse.__all__ or head in kwscourse._MOVED:
        return True
    if head in SUBPACKAGES and rest:
        package = importlib.import_module(f"kwscourse.{head}")
        if rest[0] not in package.__all__:
            return True
        inner = getattr(package, rest[0])
        return len(rest) > 1 and type(inner).__name__ == "module" and rest[1].startswith("_")
    return bool(rest) and rest[0].startswith("_")


def test_the_checker_flags_private_and_old_names():
    assert _kwscourse_paths("kwscourse.ui.waveform(x).show()") == [("ui", "waveform")]
    assert _outside_public_api(("ui", "plots", "_plt"))
    assert _outside_public_api(("batch", "try_each"))  # an old name: works, but lessons must not teach it
    assert _outside_public_api(("kws", "no_such_function"))
    assert not _outside_public_api(("kws", "speech_embedding", "load"))


def test_lessons_and_exercises_call_only_each_subpackages_public_names():
    sources = [(path, False) for path in sorted(SOURCES.glob("*.md"))]
    sources += [(path, True) for path in sorted(EXERCISES.glob("*.md"))]
    outside = set()
    for source, exercises in sources:
        for cell in notebook_source.parse(source, exercises=exercises):
            if cell.kind in ("code", "solution", "test"):
                for lang, code in cell.text.items():
                    outside |= {f"{source.name}: kwscourse.{'.'.join(path)}"
                                for path in _kwscourse_paths(code) if _outside_public_api(path)}
    assert sorted(outside) == []
