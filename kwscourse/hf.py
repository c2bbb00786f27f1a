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
    model = transformers.Wav2Vec2ForSequenceClassification(small_config(labels, size="tiny"))
    extractor = transformers.Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=16000, padding_value=0.0,
                                                      do_normalize=True, return_attention_mask=True)
    partial = folder.with_name(folder.name + ".partial")
    model.save_pretrained(partial)
    extractor.save_pretrained(partial)
    partial.rename(folder)
    return folder


def small_config(labels, *, size: str = "small"):
    """A Wav2Vec2 classifier config built from scratch: ``"tiny"`` (~30 k weights) or ``"small"`` (~0.4 M).

    >>> small_config(["x", "y"]).num_labels
    2
    """
    transformers = _transformers()
    labels = list(labels)
    dims = {"tiny": (32, 2, 64, (32, 32, 32)), "small": (96, 3, 192, (64, 64, 96, 96))}[size]
    hidden, layers, intermediate, conv = dims
    strides = (5, 4, 4) if len(conv) == 3 else (5, 4, 2, 2)
    kernels = (10, 4, 4) if len(conv) == 3 else (10, 4, 3, 3)
    return transformers.Wav2Vec2Config(
        hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=2, intermediate_size=intermediate,
        conv_dim=conv, conv_stride=strides, conv_kernel=kernels, num_conv_pos_embeddings=16,
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


def classify(source, sample_rate: int | None = None, *, pipe=None, task: str | None = None,
             model: str | None = None, top_k: int = 5, window_s: float | None = None,
             overlap: float = 0.5):
    """Top-``top_k`` labels of any audio, as a pandas table with columns ``label`` and ``score``.

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
    table = pd.DataFrame({"label": mean.index[:top_k], "score": mean.to_numpy()[:top_k]})
    table.attrs.update(timeline=timeline, stand_in=getattr(pipe, "kwscourse_stand_in", False),
                       multi_label=multi_label, sample_rate=rate)
    if table.attrs["stand_in"]:
        print(t("hf.stand_in_result"))
    return table


# --- fine-tuning your own small model ------------------------------------------------------------

#: English accents of the speech synthesiser, as labels for the fine-tuning exercise.
ACCENT_VOICES = {"us": "en-us", "scotland": "en-gb-scotland", "caribbean": "en-029", "england": "en-gb-x-rp"}
SENTENCES = (
    "the weather is lovely today", "please pass me the water", "where is the railway station",
    "I would like a cup of tea", "the cat sat on the warm mat", "turn left at the next corner",
    "my brother plays the guitar", "we are going to the market", "this is a very good idea",
    "can you hear the birds singing", "the car is parked outside", "open the window a little",
)
CLIP_SECONDS = 3.0


def accent_clips(out_dir, per_accent: int = 40, *, seed: int = 0, progress: bool = True):
    """Write synthetic English sentences in four accents; return a table with ``path``, ``label``, ``split``.

    Voices, speakers, speed and pitch vary; every fifth clip is held out
    (``split == "test"``). It is synthetic speech, and a model trained on it
    learns the synthesiser's accents, not people's.

    >>> import tempfile
    >>> table = accent_clips(tempfile.mkdtemp(), per_accent=5, progress=False)
    >>> table.groupby("split").size().to_dict()
    {'test': 4, 'train': 16}
    """
    import pandas as pd
    from tqdm.auto import tqdm

    from . import synth

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    length = int(CLIP_SECONDS * 16000)
    rows = []
    with tqdm(total=per_accent * len(ACCENT_VOICES), desc=t("synth.progress"), disable=not progress) as bar:
        for accent_id, (label, voice) in enumerate(ACCENT_VOICES.items()):
            for i in range(per_accent):
                rng = np.random.default_rng([seed, accent_id, i])
                variant = synth.VARIANTS[rng.integers(len(synth.VARIANTS))]
                speech = synth.synthesize(SENTENCES[rng.integers(len(SENTENCES))],
                                          voice + (f"+{variant}" if variant else ""),
                                          rate=int(rng.integers(140, 230)), pitch=int(rng.integers(25, 80)))
                clip = audio.pad_or_trim(speech / (np.abs(speech).max() + 1e-9), length)
                clip = clip + rng.uniform(0.002, 0.02) * rng.standard_normal(length).astype(np.float32)
                path = audio.write_wav(out_dir / f"{label}_{i:03d}.wav", 0.8 * clip / np.abs(clip).max(), 16000)
                rows.append({"path": str(path), "label": label, "split": "test" if i % 5 == 4 else "train"})
                bar.update()
    return pd.DataFrame(rows)


class _ClipDataset:
    """A torch-style dataset of feature-extractor inputs and label ids."""

    def __init__(self, table, extractor, label2id):
        self.items = []
        for path, label in zip(table["path"], table["label"]):
            y, _ = audio.load(path, sr=extractor.sampling_rate)
            features = extractor(y, sampling_rate=extractor.sampling_rate)
            self.items.append({"input_values": np.asarray(features["input_values"][0], np.float32),
                               "labels": label2id[label]})

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]


def finetune(table, out_dir, *, epochs: int = 10, size: str = "small", batch_size: int = 8,
             learning_rate: float = 1e-3, seed: int = 0):
    """Train a small Wav2Vec2 classifier from scratch with ``Trainer`` and save it like a Hub model.

    ``table`` has ``path``, ``label`` and ``split`` columns (see
    :func:`accent_clips`); training uses the ``"train"`` rows. The folder can be
    loaded with ``get_pipeline(model=out_dir)`` or ``transformers.pipeline``.
    Returns the list of logged training losses.

    >>> losses = finetune(accent_clips("clips", 40), "my_model", epochs=10)  # doctest: +SKIP
    """
    import torch

    transformers = _transformers()
    labels = sorted(table["label"].unique())
    config = small_config(labels, size=size)
    torch.manual_seed(seed)
    model = transformers.Wav2Vec2ForSequenceClassification(config)
    extractor = transformers.Wav2Vec2FeatureExtractor(feature_size=1, sampling_rate=16000, padding_value=0.0,
                                                      do_normalize=True, return_attention_mask=True)
    train = _ClipDataset(table[table["split"] == "train"], extractor, config.label2id)

    def collate(batch):
        return {"input_values": torch.tensor(np.stack([b["input_values"] for b in batch])),
                "labels": torch.tensor([b["labels"] for b in batch])}

    out_dir = Path(out_dir)
    args = transformers.TrainingArguments(
        output_dir=str(out_dir / "trainer"), num_train_epochs=epochs, per_device_train_batch_size=batch_size,
        learning_rate=learning_rate, warmup_steps=10, weight_decay=0.01, logging_steps=5,
        save_strategy="no", report_to=[], use_cpu=True, disable_tqdm=True, seed=seed,
        dataloader_num_workers=0)
    trainer = transformers.Trainer(model=model, args=args, train_dataset=train, data_collator=collate)
    trainer.train()
    model.save_pretrained(out_dir)
    extractor.save_pretrained(out_dir)
    return [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]


def evaluate(pipe, table) -> dict:
    """Accuracy and confusion matrix of a pipeline on the ``"test"`` rows of a clip table."""
    from .models import confusion_matrix

    test = table[table["split"] == "test"]
    labels = [pipe.model.config.id2label[i] for i in range(pipe.model.config.num_labels)]
    predicted = [classify(path, pipe=pipe, top_k=1)["label"][0] for path in test["path"]]
    truth = list(test["label"])
    matrix = confusion_matrix([labels.index(x) for x in truth], [labels.index(x) for x in predicted], len(labels))
    return {"accuracy": float(np.mean(np.array(truth) == np.array(predicted))), "labels": labels,
            "confusion_matrix": matrix}
