"""Clip tables, training a small Hugging Face audio classifier from scratch, and scoring any classifier (lesson 4).

A table of clips (:func:`clip_table`) trains a small Audio Spectrogram
Transformer from scratch (:func:`train_from_scratch`, built from a configuration,
:func:`small_ast_config`, with random weights: nothing pre-trained), saved like a Hub
model; :func:`evaluate` scores any classifier on the table's test rows. Fine-tuning a
pre-trained checkpoint, what lesson 4 teaches, is :mod:`kwscourse.hf.finetune`::

    >>> small_ast_config(["no", "yes"], frames=100).max_length
    100
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ..audio import waveform as audio
from ..audio import files as batch
from .._internal import checks
from .. import evaluation
from .._internal.seeding import seeded
from .._internal.transformers import transformers as _transformers
from ..audio.waveform import SAMPLE_RATE
from ..datasets import wav_files, word_folders
from .classifier import as_classifier, classify
from ..i18n import t
from ..results import ModelTraining


def clip_table(folder, *, test_every: int = 5):
    """A table of a word-folder tree's clips: ``path``, ``label``, ``split`` (every ``test_every``-th is test).

    Parameters
    ----------
    folder : path
        A folder with one subfolder of WAV files per word.
    test_every : int, optional
        Every ``test_every``-th clip of each word is held out for testing.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pathlib
    >>> root = pathlib.Path(tmp()); (root / "yes").mkdir()
    >>> for i in range(5): _ = audio.write_wav(root / "yes" / f"{i}.wav", np.zeros(160, "float32"))
    >>> clip_table(root).split.tolist()
    ['train', 'train', 'train', 'train', 'test']
    """
    import pandas as pd

    test_every = checks.whole_number(test_every, "test_every")
    rows = []
    for word in word_folders(folder):
        for i, path in enumerate(wav_files(Path(folder) / word)):
            rows.append({"path": str(path), "label": word,
                         "split": "test" if i % test_every == test_every - 1 else "train"})
    return pd.DataFrame(rows)


def small_ast_config(labels, *, frames: int = 100, mel_bins: int = 64):
    """A small Audio Spectrogram Transformer configuration (about 0.1 M weights), no download.

    Parameters
    ----------
    labels : sequence of str
        The classes, in order.
    frames : int, optional
        The input length in 10 ms frames (100 = one second).
    mel_bins : int, optional
        Mel bands of the input spectrogram.

    Returns
    -------
    transformers.ASTConfig

    Examples
    --------
    >>> small_ast_config(["no", "yes"]).num_labels
    2
    """
    transformers = _transformers()
    labels = list(labels)
    return transformers.ASTConfig(
        hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128,
        max_length=frames, num_mel_bins=mel_bins, patch_size=16, frequency_stride=10, time_stride=10,
        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)})


def _clip_dataset(table, extractor, label2id) -> batch.PerItem:
    """A torch-style dataset of feature-extractor inputs and label ids; unreadable clips are in ``failures``."""
    label_of = dict(zip(table["path"], table["label"]))
    loaded = batch.load_many(list(table["path"]), sr=extractor.sampling_rate).require_any()  # repeats kept
    items = []
    for path, y in loaded:
        features = extractor(y, sampling_rate=extractor.sampling_rate, return_tensors="np")
        items.append({"input_values": features["input_values"][0].astype(np.float32),
                      "labels": label2id[label_of[path]]})
    return batch.PerItem(tuple(items), loaded.failures)


def collate(items) -> dict:
    """A batch for ``Trainer``: the items' inputs stacked into one tensor, and their labels.

    >>> batch = collate([{"input_values": np.zeros(3, "float32"), "labels": 1}] * 2)
    >>> tuple(batch["input_values"].shape), batch["labels"].tolist()
    ((2, 3), [1, 1])
    """
    import torch

    return {"input_values": torch.tensor(np.stack([item["input_values"] for item in items])),
            "labels": torch.tensor([item["labels"] for item in items])}


def epoch_log(print_line=print):
    """A ``transformers`` callback that reports training in the course's language, one line per log.

    ``Trainer``'s own progress table and printed dictionaries are in English; pass this in
    ``callbacks`` with ``disable_tqdm=True`` and remove ``transformers.PrinterCallback``.

    Parameters
    ----------
    print_line : callable
        Where each line goes (``print`` in a notebook).

    Returns
    -------
    transformers.TrainerCallback
        Its ``on_log`` hands ``print_line`` the training loss and, after an evaluation,
        the held-out loss and accuracy.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> lines = []
    >>> state = SimpleNamespace(epoch=2.0, max_steps=10, num_train_epochs=5)
    >>> epoch_log(lines.append).on_log(None, state, None, logs={"loss": 0.5})
    >>> lines
    ['epoch 2/5: training loss 0.500']
    """
    class EpochLog(_transformers().TrainerCallback):
        """``Trainer`` calls ``on_log`` whenever it logs; each call gives one line."""

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs, epochs = logs or {}, state.num_train_epochs
            if "loss" in logs:
                print_line(t("hf.train_progress", epoch=state.epoch or 0, epochs=epochs, loss=float(logs["loss"])))
            if "eval_loss" in logs:
                print_line(t("hf.eval_progress", epoch=state.epoch or 0, epochs=epochs, loss=float(logs["eval_loss"]),
                             accuracy=float(logs.get("eval_accuracy", float("nan")))))

    return EpochLog()


def _untrained_ast(transformers, labels, clip_seconds: float, seed: int):
    """A randomly initialised small AST classifier for ``labels`` and its feature extractor."""
    frames = int(round(checks.positive(clip_seconds, "clip_seconds") * 100))
    config = small_ast_config(labels, frames=frames)
    extractor = transformers.ASTFeatureExtractor(num_mel_bins=config.num_mel_bins, max_length=frames,
                                                 sampling_rate=SAMPLE_RATE)
    with seeded(seed, torch=True):  # the seed applies to these weights only
        return transformers.ASTForAudioClassification(config), extractor


def _train(transformers, model, train, folder: Path, epochs: int, progress, **settings) -> list[float]:
    """Train ``model`` on ``train`` with ``Trainer`` on the CPU (saving nothing, logging about ten times).

    Returns the logged training losses.
    """
    total_steps = epochs * math.ceil(len(train) / settings["per_device_train_batch_size"])
    args = transformers.TrainingArguments(
        output_dir=str(folder), num_train_epochs=epochs, warmup_steps=min(10, total_steps // 5),
        logging_steps=max(1, total_steps // 10), save_strategy="no", report_to=[], use_cpu=True,
        disable_tqdm=True, dataloader_num_workers=0, **settings)
    with seeded(args.seed):  # Trainer reseeds Python, NumPy and torch: only inside this block
        trainer = transformers.Trainer(model=model, args=args, train_dataset=train, data_collator=collate,
                                       callbacks=[] if progress is None else [epoch_log(progress)])
        trainer.remove_callback(transformers.trainer_callback.PrinterCallback)
        trainer.train()
    return [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]


def train_from_scratch(table, out_dir, *, epochs: int = 60, learning_rate: float = 1e-3, batch_size: int = 16,
             clip_seconds: float = 1.0, seed: int = 0, progress=None):
    """Train a small AST classifier from scratch with ``Trainer`` (random start, no checkpoint); save it like a Hub model.

    Training uses the table's ``"train"`` rows; clips that cannot be read are left
    out (the result's ``.failures`` lists them). The saved folder loads with
    ``kwscourse.hf.classifier.load(model=out_dir)`` or ``transformers.pipeline("audio-classification", model=out_dir)``.

    Parameters
    ----------
    table : pandas.DataFrame
        ``path``, ``label`` and ``split`` columns, as :func:`clip_table` makes.
    out_dir : path
        Where the model and its feature extractor are saved.
    epochs, learning_rate, batch_size, clip_seconds, seed : optional
        The training settings; ``clip_seconds`` is the model's input length. ``seed`` sets the
        initial weights (with a private generator) and ``Trainer``'s data order.
    progress : callable, optional
        Receives about ten lines as training goes, in the course language (pass ``print``).

    Returns
    -------
    kwscourse.results.ModelTraining
        The trained ``model`` as it is in memory, its ``extractor``, the training ``losses``
        logged as it went, and the ``failures`` of the clips left out.

    Examples
    --------
    >>> import pathlib
    >>> root = pathlib.Path(tmp())
    >>> for word, hz in (("low", 300), ("high", 3000)):
    ...     (root / word).mkdir()
    ...     for i in range(2):
    ...         _ = audio.write_wav(root / word / f"{i}.wav", 0.5 * np.sin(2 * np.pi * hz * np.arange(16000) / 16000))
    >>> trained = train_from_scratch(clip_table(root), root / "model", epochs=1, batch_size=2)
    >>> len(trained.losses), trained.model.config.id2label, (root / "model" / "config.json").is_file()
    (2, {0: 'high', 1: 'low'}, True)
    """
    epochs = checks.whole_number(epochs, "epochs")
    if progress is not None:
        checks.function(progress, "progress")
    transformers = _transformers()
    model, extractor = _untrained_ast(transformers, sorted(table["label"].unique()), clip_seconds, seed)
    train = _clip_dataset(table[table["split"] == "train"], extractor, model.config.label2id)
    out_dir = Path(out_dir)
    losses = _train(transformers, model, train, out_dir / "trainer", epochs, progress,
                    per_device_train_batch_size=batch_size, learning_rate=learning_rate, seed=seed)
    model.save_pretrained(out_dir)
    extractor.save_pretrained(out_dir)
    model.eval()
    return ModelTraining(model, extractor, losses, len(train), train.failures)


def evaluate(pipe, table, *, window_s: float | None = None) -> evaluation.Evaluation:
    """How a classifier does on the ``"test"`` rows of a clip table.

    Clips that cannot be read are left out of every figure and listed in
    ``failures``; when none can be read, an :class:`~kwscourse.audio.files.UnreadableFilesError`
    names them all.

    Parameters
    ----------
    pipe : kwscourse.hf.classifier.Classifier or transformers.Pipeline
    table : pandas.DataFrame
        ``path``, ``label`` and ``split`` columns, as :func:`clip_table` makes.
    window_s : float, optional
        The model's window, if not the classifier's own.

    Returns
    -------
    kwscourse.evaluation.Evaluation

    Examples
    --------
    >>> import kwscourse, pathlib
    >>> from kwscourse import hf
    >>> root = pathlib.Path(tmp())
    >>> for word in ("us", "england"):
    ...     (root / word).mkdir()
    ...     _ = audio.write_wav(root / word / "0.wav", np.zeros(16000, "float32"))
    >>> with kwscourse.smoke(True):
    ...     accent = hf.load("accent", data_dir=root / "data")
    >>> report = evaluate(accent, clip_table(root, test_every=1))
    >>> report.count, report.labels[:2]
    (2, ['us', 'england'])
    """
    classifier = as_classifier(pipe, window_s)
    test = table[table["split"] == "test"]
    label_of = dict(zip(test["path"], test["label"]))
    done = batch.try_each(list(test["path"]), lambda path: classify(path, pipe=classifier, top_k=1).table["label"][0])
    done.require_any()
    truth, predicted = [label_of[path] for path, _ in done], [label for _, label in done]
    return evaluation.evaluation(truth, predicted, classifier.labels, failures=batch.failure_records(done.failures))
