"""Hugging Face ``audio-classification`` pipelines that take any audio (lesson 4).

``transformers`` decodes file paths with ffmpeg and resamples arrays with
torchaudio. We do neither: audio is decoded with soundfile, mixed to mono and
resampled with soxr to the feature extractor's rate, then handed to the pipeline
as an array at exactly that rate. Long audio is cut into overlapping chunks
whose scores are averaged, with the per-chunk timeline kept::

    >>> chunk_spans(10, window=4, hop=3)
    [(0, 4), (3, 7), (6, 10)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import audio
from .i18n import CourseError, ModelError, t


@dataclass(frozen=True)
class Preset:
    """A model the lesson uses: its Hub id, its labels, and the audio window it was trained on."""

    model_id: str
    labels: tuple[str, ...]
    window_s: float
    size: str = ""
    notes: str = field(default="", compare=False)


PRESETS = {
    "genre": Preset(
        "Yash03813/pingpong-music_genres_classification-finetuned-finetuned-gtzan",
        ("blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"),
        window_s=30.0, size="about 400 MB", notes="GTZAN: 10 genres, 30-s clips"),
    "emotion": Preset(
        "ehcalabres/wav2vec2-lg-xlsr-en-speech-emotion-recognition",
        ("angry", "calm", "disgust", "fearful", "happy", "neutral", "sad", "surprised"),
        window_s=10.0, size="about 1.3 GB"),
    "accent": Preset(
        "dima806/english_accents_classification",
        ("us", "england", "indian", "canada", "australia"),
        window_s=10.0, size="about 400 MB", notes="labels as seen in a published run"),
}
DEFAULT_WINDOW_S = 10.0


def _transformers():
    """Import transformers with its own progress bars and info logs off (they go to stderr)."""
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return transformers


def _cache_dir(data_dir=None) -> Path:
    from ._config import settings

    return Path(data_dir or settings.data_dir) / "hf"


# --- stand-ins for smoke mode -------------------------------------------------------------

def build_stand_in(labels, folder, *, seed: int = 0) -> Path:
    """Save a tiny UNTRAINED Wav2Vec2 classifier with ``labels`` to ``folder`` (no download).

    About 30 thousand weights; its scores mean nothing. It has the real preset's
    label set so the lesson's code runs end to end in smoke mode.

    >>> import tempfile
    >>> build_stand_in(["a", "b"], tempfile.mkdtemp()).joinpath("config.json").is_file()
    True
    """
    folder = Path(folder)
    if (folder / "config.json").is_file():
        return folder
    transformers = _transformers()
    import torch

    torch.manual_seed(seed)
    model = transformers.Wav2Vec2ForSequenceClassification(_tiny_wav2vec2_config(labels))
    extractor = transformers.Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=16000, padding_value=0.0,
                                                      do_normalize=True, return_attention_mask=True)
    partial = folder.with_name(folder.name + ".partial")
    model.save_pretrained(partial)
    extractor.save_pretrained(partial)
    partial.rename(folder)
    return folder


def _tiny_wav2vec2_config(labels):
    """A Wav2Vec2 classifier config of about 30 thousand weights (for stand-ins)."""
    transformers = _transformers()
    labels = list(labels)
    return transformers.Wav2Vec2Config(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        conv_dim=(32, 32, 32), conv_stride=(5, 4, 4), conv_kernel=(10, 4, 4), num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=4, classifier_proj_size=32, mask_time_prob=0.0,
        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)})


# --- getting a pipeline ----------------------------------------------------------------------

def get_pipeline(task: str | None = None, *, model: str | None = None, data_dir=None):
    """A ``transformers`` audio-classification pipeline for a preset ``task`` or any ``model``.

    ``task`` is ``"genre"``, ``"emotion"`` or ``"accent"``; ``model`` is any Hub
    id or local folder. Hub downloads are cached in the course's data folder
    (``<data>/hf``). In smoke mode a preset is replaced by an untrained tiny
    stand-in with the preset's labels, and a line says so.

    >>> get_pipeline("weather")
    Traceback (most recent call last):
    ...
    kwscourse.i18n.ModelError: Unknown task 'weather': choose genre, emotion or accent, or give a model.
    """
    from ._config import settings

    if (task is None) == (model is None):
        raise ModelError("hf.task_or_model")
    if task is not None and task not in PRESETS:
        raise ModelError("hf.unknown_task", task=task)
    transformers = _transformers()
    if task is not None and settings.smoke:
        folder = build_stand_in(PRESETS[task].labels, _cache_dir(data_dir) / "stand_in" / task)
        print(t("hf.stand_in", task=task, model=PRESETS[task].model_id))
        pipe = transformers.pipeline("audio-classification", model=str(folder), device="cpu")
        pipe.kwscourse_stand_in = True
        pipe.kwscourse_window_s = PRESETS[task].window_s
        return pipe
    source = model if model is not None else PRESETS[task].model_id
    local = Path(source).expanduser()
    try:
        if local.is_dir():
            classifier = transformers.AutoModelForAudioClassification.from_pretrained(local)
            extractor = transformers.AutoFeatureExtractor.from_pretrained(local)
        else:
            cache = _cache_dir(data_dir) / "hub"
            classifier = transformers.AutoModelForAudioClassification.from_pretrained(source, cache_dir=cache)
            extractor = transformers.AutoFeatureExtractor.from_pretrained(source, cache_dir=cache)
    except (OSError, ValueError) as err:
        raise ModelError("hf.unavailable", model=source, detail=str(err).splitlines()[0][:200]) from None
    pipe = transformers.pipeline("audio-classification", model=classifier, feature_extractor=extractor,
                                 device="cpu")
    pipe.kwscourse_stand_in = False
    pipe.kwscourse_window_s = PRESETS[task].window_s if task else DEFAULT_WINDOW_S
    return pipe


def pipeline_from(model, extractor):
    """An audio-classification pipeline around a model and feature extractor already in memory."""
    transformers = _transformers()
    pipe = transformers.pipeline("audio-classification", model=model, feature_extractor=extractor, device="cpu")
    pipe.kwscourse_stand_in = False
    pipe.kwscourse_window_s = DEFAULT_WINDOW_S
    return pipe


# --- classifying any audio -----------------------------------------------------------------------

def to_model_rate(source, sample_rate: int | None, target_rate: int) -> np.ndarray:
    """Decode and convert any audio to float32 mono at ``target_rate``.

    ``source`` is a path, ``bytes`` (a file's content), an array (with
    ``sample_rate``; int16 is scaled; ``[samples, channels]`` or ``[channels,
    samples]``) or a recorded object with ``.waveform`` and ``.sample_rate``.

    >>> to_model_rate(np.zeros((44100, 2), "int16"), 44100, 16000).shape
    (16000,)
    """
    if hasattr(source, "waveform") and hasattr(source, "sample_rate"):
        if np.asarray(source.waveform).size == 0:
            raise CourseError("widgets.nothing_recorded")
        source, sample_rate = source.waveform, source.sample_rate
    if isinstance(source, (str, Path, bytes, bytearray)) or hasattr(source, "read"):
        y, _ = audio.load(source, sr=target_rate)
        return y
    if sample_rate is None:
        raise CourseError("hf.rate_needed")
    y = audio.as_float32(source)
    if y.ndim == 2:
        y = audio.to_mono(y if y.shape[0] <= y.shape[1] else y.T)
    return audio.resample(y, sample_rate, target_rate)


def chunk_spans(num_samples: int, window: int, hop: int) -> list[tuple[int, int]]:
    """``(start, end)`` of chunks of ``window`` samples every ``hop`` that cover every sample.

    The last chunk ends exactly at ``num_samples``; audio shorter than a window
    is one chunk.

    >>> chunk_spans(5, window=8, hop=4)
    [(0, 5)]
    """
    if window < 1 or hop < 1 or hop > window:
        raise ValueError(f"need 1 <= hop <= window, got window={window}, hop={hop}")
    if num_samples <= window:
        return [(0, num_samples)]
    count = 1 + math.ceil((num_samples - window) / hop)
    return [(i * hop, min(i * hop + window, num_samples)) if i < count - 1
            else (num_samples - window, num_samples) for i in range(count)]


def model_source(task: str, data_dir=None) -> str:
    """What to give ``transformers.pipeline(model=...)`` for a preset: a local folder.

    In smoke mode it is the untrained stand-in's folder (built once); otherwise the
    preset's Hub snapshot, downloaded once into the course's data folder.

    Parameters
    ----------
    task : str
        ``"genre"``, ``"emotion"`` or ``"accent"``.
    data_dir : path, optional
        The course's data folder (the settings' by default).

    Returns
    -------
    str

    Examples
    --------
    >>> import kwscourse, tempfile
    >>> kwscourse.set_smoke(True)
    >>> folder = model_source("accent", data_dir=tempfile.mkdtemp())
    >>> folder.endswith("accent"), kwscourse.set_smoke(False)
    (True, None)
    """
    from ._config import settings

    if task not in PRESETS:
        raise ModelError("hf.unknown_task", task=task)
    _transformers()  # its logs off, for the plain pipeline() call that follows
    if settings.smoke:
        return str(build_stand_in(PRESETS[task].labels, _cache_dir(data_dir) / "stand_in" / task))
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(PRESETS[task].model_id, cache_dir=_cache_dir(data_dir) / "hub")
    except Exception as err:  # no network, unknown repository, ...: one course error
        raise ModelError("hf.unavailable", model=PRESETS[task].model_id,
                         detail=str(err).splitlines()[0][:200]) from None


def _ranking(labels, scores):
    """The top-k table: columns ``label`` and ``score`` in code, shown in the course language."""
    import pandas as pd

    class Ranking(pd.DataFrame):
        @property
        def _constructor(self):
            return Ranking

        def _shown(self):
            names = {"label": t("hf.column_label"), "score": t("hf.column_score")}
            return pd.DataFrame(self).rename(columns=names)

        def __repr__(self):
            return repr(self._shown())

        def _repr_html_(self):
            return self._shown()._repr_html_()

    return Ranking({"label": list(labels), "score": np.asarray(scores, dtype=float)})


def classify(source, sample_rate: int | None = None, *, pipe=None, task: str | None = None,
             model: str | None = None, top_k: int = 5, window_s: float | None = None,
             overlap: float = 0.5):
    """Top-``top_k`` labels of any audio, as a pandas table with columns ``label`` and ``score``.

    The columns keep those names in code, and are shown in the course language.

    Audio longer than the model's window (``window_s``; the preset's, or 10 s)
    is cut into chunks overlapping by ``overlap``; the scores are the mean over
    chunks, and ``table.attrs["timeline"]`` holds every chunk's scores (rows:
    chunk start in seconds). Multi-label models get sigmoid scores, others softmax.
    ``table.attrs["stand_in"]`` is True for smoke-mode stand-ins.

    >>> classify("song.wav", task="genre", top_k=3)  # doctest: +SKIP
         label  score
    0     jazz  0.61
    """
    import pandas as pd

    if pipe is None:
        pipe = get_pipeline(task, model=model)
    labels = [pipe.model.config.id2label[i] for i in range(pipe.model.config.num_labels)]
    if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or not 1 <= top_k <= len(labels):
        raise CourseError("hf.bad_top_k", top_k=top_k, count=len(labels))
    if not 0.0 <= overlap < 1.0:
        raise ValueError(f"overlap must be at least 0 and less than 1, not {overlap!r}")
    rate = pipe.feature_extractor.sampling_rate
    y = to_model_rate(source, sample_rate, rate)
    window = int(round((window_s or getattr(pipe, "kwscourse_window_s", DEFAULT_WINDOW_S)) * rate))
    hop = max(1, int(round(window * (1.0 - overlap))))
    multi_label = pipe.model.config.problem_type == "multi_label_classification"
    rows, starts = [], []
    for start, end in chunk_spans(y.size, window, hop):
        out = pipe(y[start:end], top_k=len(labels), function_to_apply="sigmoid" if multi_label else "softmax")
        scores = {item["label"]: item["score"] for item in out}
        rows.append([scores[label] for label in labels])
        starts.append(start / rate)
    timeline = pd.DataFrame(rows, columns=labels, index=pd.Index(np.round(starts, 3), name="start_s"))
    mean = timeline.mean(axis=0).sort_values(ascending=False)
    table = _ranking(mean.index[:top_k], mean.to_numpy()[:top_k])
    table.attrs.update(timeline=timeline, stand_in=getattr(pipe, "kwscourse_stand_in", False),
                       multi_label=multi_label, sample_rate=rate)
    if table.attrs["stand_in"]:
        print(t("hf.stand_in_result"))
    return table


# --- fine-tuning your own small model ------------------------------------------------------------

def clip_table(folder, *, test_every: int = 5):
    """A table of a word-folder tree's clips: ``path``, ``label``, ``split`` (every ``test_every``-th is test).

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()); (root / "yes").mkdir()
    >>> for i in range(5): _ = audio.write_wav(root / "yes" / f"{i}.wav", np.zeros(160, "float32"))
    >>> clip_table(root).split.tolist()
    ['train', 'train', 'train', 'train', 'test']
    """
    import pandas as pd

    from .data import wav_files, word_folders

    rows = []
    for word in word_folders(folder):
        for i, path in enumerate(wav_files(Path(folder) / word)):
            rows.append({"path": str(path), "label": word,
                         "split": "test" if i % test_every == test_every - 1 else "train"})
    return pd.DataFrame(rows)


def small_ast_config(labels, *, frames: int = 100, mel_bins: int = 64):
    """A small Audio Spectrogram Transformer built from a config (about 0.1 M weights), no download.

    ``frames`` is the input length in 10 ms frames (100 = one second).

    >>> small_ast_config(["no", "yes"]).num_labels
    2
    """
    transformers = _transformers()
    labels = list(labels)
    return transformers.ASTConfig(
        hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128,
        max_length=frames, num_mel_bins=mel_bins, patch_size=16, frequency_stride=10, time_stride=10,
        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)})


class _ClipDataset:
    """A torch-style dataset of feature-extractor inputs and label ids; unreadable clips are in ``failures``."""

    def __init__(self, table, extractor, label2id):
        label_of = dict(zip(table["path"], table["label"]))
        loaded = audio.load_many(list(table["path"]), sr=extractor.sampling_rate).require_any()  # repeats kept
        self.failures = loaded.failures
        self.items = []
        for path, y in loaded:
            features = extractor(y, sampling_rate=extractor.sampling_rate, return_tensors="np")
            self.items.append({"input_values": features["input_values"][0].astype(np.float32),
                               "labels": label2id[label_of[path]]})

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]


def finetune(table, out_dir, *, epochs: int = 60, learning_rate: float = 1e-3, batch_size: int = 16,
             clip_seconds: float = 1.0, seed: int = 0):
    """Train a small AST classifier from scratch with ``Trainer``; save it like a Hub model.

    ``table`` has ``path``, ``label`` and ``split`` columns (see :func:`clip_table`);
    training uses the ``"train"`` rows. The saved folder loads with
    ``get_pipeline(model=out_dir)`` or ``transformers.pipeline("audio-classification", model=out_dir)``.
    Returns ``(model, feature_extractor, losses)``: the trained model as it is in
    memory, and the training losses (about ten, logged as training goes). Clips that
    cannot be read are left out of training; the result's ``.failures`` lists them.

    >>> model, extractor, losses = finetune(clip_table("my_words"), "my_model")  # doctest: +SKIP
    """
    import torch

    transformers = _transformers()
    labels = sorted(table["label"].unique())
    frames = int(round(clip_seconds * 100))
    config = small_ast_config(labels, frames=frames)
    torch.manual_seed(seed)
    model = transformers.ASTForAudioClassification(config)
    extractor = transformers.ASTFeatureExtractor(num_mel_bins=config.num_mel_bins, max_length=frames,
                                                 sampling_rate=16000)
    train = _ClipDataset(table[table["split"] == "train"], extractor, config.label2id)

    def collate(batch):
        return {"input_values": torch.tensor(np.stack([b["input_values"] for b in batch])),
                "labels": torch.tensor([b["labels"] for b in batch])}

    out_dir = Path(out_dir)
    total_steps = epochs * math.ceil(len(train) / batch_size)
    args = transformers.TrainingArguments(
        output_dir=str(out_dir / "trainer"), num_train_epochs=epochs, per_device_train_batch_size=batch_size,
        learning_rate=learning_rate, warmup_steps=min(10, total_steps // 5),
        logging_steps=max(1, total_steps // 10), save_strategy="no",  # about ten progress lines
        report_to=[], use_cpu=True, disable_tqdm=True, seed=seed, dataloader_num_workers=0)
    class Progress(transformers.TrainerCallback):
        """One plain line per logging step, in the student's language, instead of raw dicts."""

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs:
                print(t("hf.train_progress", epoch=state.epoch or 0, epochs=epochs, loss=float(logs["loss"])))

    trainer = transformers.Trainer(model=model, args=args, train_dataset=train, data_collator=collate,
                                   callbacks=[Progress()])
    trainer.remove_callback(transformers.trainer_callback.PrinterCallback)
    trainer.train()
    model.save_pretrained(out_dir)
    extractor.save_pretrained(out_dir)
    model.eval()
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    return audio.Results([model, extractor, losses], train.failures)


def evaluate(pipe, table) -> dict:
    """Accuracy and confusion matrix of a pipeline on the ``"test"`` rows of a clip table.

    Clips that cannot be read are left out of every figure (``count`` is the clips
    scored) and listed in ``"failures"`` as ``{"file": ..., "error": ...}``; when none
    can be read, an :class:`~kwscourse.audio.UnreadableFilesError` names them all.
    """
    from .models import confusion_matrix

    test = table[table["split"] == "test"]
    labels = [pipe.model.config.id2label[i] for i in range(pipe.model.config.num_labels)]
    label_of = dict(zip(test["path"], test["label"]))
    done = audio.try_each(list(test["path"]), lambda path: classify(path, pipe=pipe, top_k=1)["label"][0])
    done.require_any()
    truth, predicted = [label_of[path] for path, _ in done], [label for _, label in done]
    matrix = confusion_matrix([labels.index(x) for x in truth], [labels.index(x) for x in predicted], len(labels))
    return {"accuracy": float(np.mean(np.array(truth) == np.array(predicted))), "labels": labels,
            "confusion_matrix": matrix, "count": len(truth), "failures": audio.failure_records(done.failures)}
