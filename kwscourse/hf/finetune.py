"""Fine-tune a pre-trained Hub checkpoint on lesson 1's keywords (lesson 4, section 5).

The lesson's own cells make the calls that carry the idea: ``from_pretrained`` with a
new classification head, ``TrainingArguments``, ``Trainer``, ``trainer.train()``,
``trainer.evaluate()`` and ``pipeline``. This module gives what surrounds them: the
checkpoint (:data:`PRETRAINED` from the Hub; in smoke mode a tiny randomly initialised
model of the same class, :func:`kwscourse.synthetic.stand_ins.untrained_hubert_checkpoint`), the
labelled clips (:func:`keyword_clips`), their inputs at the model's rate
(:func:`clip_inputs`), the batch collator (:func:`collate`), the metric
(:func:`accuracy`), and the sentences that say what each result is::

    >>> PRETRAINED
    'ntu-spml/distilhubert'
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

from ..audio import files as batch
from ..data import cache
from .._internal import checks
from ..synthetic import stand_ins
from .._internal.config import settings
from .._internal.transformers import transformers as _transformers
from ..datasets import speech_commands
from .train import clip_table, collate  # noqa: F401 (the lesson's Trainer takes it from here)
from ..i18n import ModelError, t
from ..results import KeywordClips

#: The Hub checkpoint fine-tuned in real mode: DistilHuBERT (Chang et al. 2022), a 2-layer
#: HuBERT distilled on 960 h of LibriSpeech; 23.5 million weights, 16 kHz input, no head.
PRETRAINED = "ntu-spml/distilhubert"
#: The clip length the model is trained on: mini Speech Commands' clips are 1 s long.
CLIP_SECONDS = 1.0


def checkpoint(data_dir=None) -> str:
    """The folder to give ``from_pretrained``: :data:`PRETRAINED`, downloaded once, or its smoke-mode stand-in.

    Parameters
    ----------
    data_dir : path, optional
        The course's data folder (the settings' by default); the download is cached in
        ``<data>/hf/hub``, the stand-in built in ``<data>/hf/stand_in/pretrained``.

    Returns
    -------
    str

    Raises
    ------
    ModelError
        ``hf.unavailable`` when the download fails (no network, say).

    Examples
    --------
    >>> import kwscourse
    >>> with kwscourse.smoke(True):
    ...     folder = checkpoint(tmp())
    >>> is_stand_in(folder)
    True
    """
    _transformers()  # its logs off, for the plain from_pretrained() calls that follow
    return stand_ins.real_or_stand_in(lambda: _downloaded_checkpoint(data_dir), lambda: str(
        stand_ins.untrained_hubert_checkpoint(cache.cache_dir("hf", "stand_in", data_dir=data_dir) / "pretrained")))


def _downloaded_checkpoint(data_dir) -> str:
    """The pre-trained checkpoint's folder, downloaded once into ``<data>/hf/hub``."""
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(PRETRAINED, cache_dir=cache.cache_dir("hf", "hub", data_dir=data_dir),
                                 allow_patterns=["*.json", "*.safetensors", "*.bin"])
    except Exception as err:  # no network, unknown repository, ...: one course error
        raise ModelError("hf.unavailable", model=PRETRAINED, detail=str(err).splitlines()[0][:200]) from None


def is_stand_in(folder) -> bool:
    """True for a checkpoint made by :func:`kwscourse.synthetic.stand_ins.untrained_hubert_checkpoint`.

    >>> is_stand_in("ntu-spml/distilhubert")
    False
    """
    return stand_ins.is_stand_in(folder)


def _count(n: int, lang: str | None = None) -> str:
    """A whole number as the course language writes it: 23,500,000 / 23 500 000 (4 digits whole in Spanish).

    >>> _count(30992, "en"), _count(30992, "es"), _count(7500, "es")
    ('30,992', '30 992', '7500')
    """
    text = f"{n:,}"
    return text if (lang or settings.language) != "es" else text.replace(",", " " if n >= 10000 else "")


def checkpoint_notice(folder, model=None) -> str:
    """What to print about a checkpoint: the pre-trained Hub model, or that it is a stand-in.

    Parameters
    ----------
    folder : path
        What :func:`checkpoint` returned.
    model : torch.nn.Module, optional
        The model loaded from it, to count its pre-trained weights (else they are counted from the folder).

    Returns
    -------
    str

    Examples
    --------
    >>> import kwscourse
    >>> with kwscourse.smoke(True):
    ...     folder = checkpoint(tmp())
    >>> checkpoint_notice(folder)[:52]
    'STAND-IN CHECKPOINT: smoke mode replaces the pre-tra'
    """
    if model is None:
        model = _transformers().AutoModel.from_pretrained(str(folder))
    encoder = getattr(model, "base_model", model)  # without the head that fine-tuning adds
    weights = _count(sum(p.numel() for p in encoder.parameters()))
    key = "hf.checkpoint_stand_in" if is_stand_in(folder) else "hf.checkpoint"
    return t(key, model=PRETRAINED, weights=weights)


def new_head_notice(model, loading_info: dict) -> str:
    """The weights ``from_pretrained`` initialised at random (the new head), said as the fact it is.

    Parameters
    ----------
    model : transformers.PreTrainedModel
        The classifier ``from_pretrained(..., output_loading_info=True)`` gave.
    loading_info : dict
        Its loading information: ``missing_keys`` and ``mismatched_keys`` are the new weights.

    Returns
    -------
    str

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> model = SimpleNamespace(state_dict=lambda: dict.fromkeys(["a", "b", "classifier.weight"]),
    ...                         config=SimpleNamespace(num_labels=8))
    >>> print(new_head_notice(model, {"missing_keys": {"classifier.weight"}}))  # doctest: +NORMALIZE_WHITESPACE
    New classification head, as fine-tuning expects: 1 weight tensor(s) were not in the checkpoint and start at
    random (classifier.weight); training sets them for the 8 labels. The other 2 tensors come from the checkpoint.
    """
    new = sorted(set(loading_info.get("missing_keys", ())) | {k[0] for k in loading_info.get("mismatched_keys", ())})
    kept = len(model.state_dict()) - len(new)
    return t("hf.new_head", count=len(new), weights=", ".join(new), labels=model.config.num_labels, kept=kept)


def _speaker_split(table, test_every: int):
    """Clips of one Speech Commands speaker (``<speaker>_nohash_<n>.wav``) all on one side; others as they were."""
    speakers = [Path(path).name.split("_nohash_")[0] if "_nohash_" in Path(path).name else None
                for path in table["path"]]
    table = table.copy()
    table["split"] = [split if who is None else ("test" if zlib.crc32(who.encode()) % test_every == 0 else "train")
                      for who, split in zip(speakers, table["split"])]
    return table


def keyword_clips(per_word: int, *, test_every: int = 5, data_dir=None, progress: bool = True):
    """Lesson 1's words as a clip table: the first ``per_word`` clips of each, about 1 in ``test_every`` held out.

    The clips are mini Speech Commands' (downloaded once, about 182 MB), or in smoke
    mode their synthetic stand-in. Real recordings are split by speaker, so that nobody's
    voice is heard in training and again in the test; the stand-in's every
    ``test_every``-th clip is held out.

    Parameters
    ----------
    per_word : int
        Clips per word (up to 1000 real, 80 in smoke mode).
    test_every : int, optional
        About one clip (or speaker) in ``test_every`` is held out for testing.
    data_dir : path, optional
        The course's data folder (the settings' by default).
    progress : bool, optional
        Show a progress bar while downloading or synthesising.

    Returns
    -------
    kwscourse.results.KeywordClips
        Its ``table`` has ``path``, ``label`` and ``split``, as :func:`kwscourse.hf.train.clip_table`
        makes; its ``notice`` says whether the clips are real or stand-ins.

    Examples
    --------
    >>> import kwscourse
    >>> per_word, stand_ins.KEYWORD_CLIPS_PER_WORD = stand_ins.KEYWORD_CLIPS_PER_WORD, 5
    >>> with kwscourse.smoke(True):
    ...     clips = keyword_clips(5, data_dir=tmp(), progress=False)
    >>> stand_ins.KEYWORD_CLIPS_PER_WORD = per_word
    >>> len(clips.table), int((clips.table.split == "test").sum()), clips.notice[:14]
    (40, 8, 'STAND-IN DATA:')
    """
    per_word = checks.whole_number(per_word, "per_word")
    test_every = checks.whole_number(test_every, "test_every", minimum=2)
    folder = speech_commands.keyword_folder(data_dir=data_dir, progress=progress)
    table = clip_table(folder, test_every=test_every).groupby("label", sort=True).head(per_word)
    table = _speaker_split(table.reset_index(drop=True), test_every)
    return KeywordClips(table, speech_commands.notice(folder))


def clip_inputs(table, extractor, label2id: dict, split: str = "train", *, seconds: float = CLIP_SECONDS):
    """One split of a clip table as the model's inputs: read, resampled, cut to ``seconds``, feature-extracted.

    Clips are decoded with soundfile and resampled with soxr to ``extractor.sampling_rate``
    (no ffmpeg, no torchaudio), then padded with silence or cut to ``seconds``, so every
    input has the same length and a batch needs no attention mask.

    Parameters
    ----------
    table : pandas.DataFrame
        ``path``, ``label`` and ``split``: the ``table`` of :func:`keyword_clips`.
    extractor : transformers.FeatureExtractionMixin
        The checkpoint's feature extractor.
    label2id : dict
        Label to class number, as given to ``from_pretrained``.
    split : {"train", "test"}, optional
    seconds : float, optional

    Returns
    -------
    kwscourse.audio.files.PerItem
        A torch-style data set: each item ``{"input_values": float32 array, "labels": int}``;
        ``failures`` lists the clips that could not be read (left out).

    Examples
    --------
    >>> import pandas as pd, pathlib
    >>> from transformers import Wav2Vec2FeatureExtractor
    >>> from kwscourse import audio
    >>> wav = audio.write_wav(pathlib.Path(tmp()) / "a.wav", np.ones(22050, "float32") / 2, 44100)
    >>> table = pd.DataFrame({"path": [str(wav)], "label": ["yes"], "split": ["train"]})
    >>> inputs = clip_inputs(table, Wav2Vec2FeatureExtractor(do_normalize=False), {"yes": 0})
    >>> inputs[0]["input_values"].shape, inputs[0]["labels"], float(inputs[0]["input_values"][-1])
    ((16000,), 0, 0.0)
    """
    split = checks.one_of(split, "split", ("train", "test"))
    rate = int(extractor.sampling_rate)
    size = int(round(checks.positive(seconds, "seconds") * rate))
    rows = table[table["split"] == split]
    label_of = dict(zip(rows["path"], rows["label"]))
    loaded = batch.load_many(list(rows["path"]), sr=rate).require_any()
    items = []
    for path, y in loaded:
        fixed = np.zeros(size, np.float32)
        fixed[:min(size, y.size)] = y[:size]
        values = extractor(fixed, sampling_rate=rate, return_tensors="np")["input_values"][0]
        items.append({"input_values": values.astype(np.float32), "labels": int(label2id[label_of[path]])})
    return batch.PerItem(tuple(items), loaded.failures)


def accuracy(prediction) -> dict:
    """``Trainer``'s ``compute_metrics``: the share of clips whose highest logit is the true class.

    >>> from types import SimpleNamespace
    >>> accuracy(SimpleNamespace(predictions=np.array([[2.0, 1.0], [0.0, 3.0]]), label_ids=np.array([0, 0])))
    {'accuracy': 0.5}
    """
    logits, truth = prediction.predictions, prediction.label_ids
    logits = logits[0] if isinstance(logits, tuple) else logits
    return {"accuracy": float(np.mean(np.argmax(logits, axis=-1) == truth))}


def result_notice(accuracy: float, count: int, labels, folder) -> str:
    """A held-out accuracy against chance; for a model fine-tuned from the stand-in, that it is one.

    Parameters
    ----------
    accuracy : float
        As ``trainer.evaluate()["eval_accuracy"]`` or an evaluation's ``accuracy`` gives it.
    count : int
        How many held-out clips.
    labels : sequence of str
        The classes (chance is one in their number).
    folder : path
        The checkpoint the model started from.

    Returns
    -------
    str

    Examples
    --------
    >>> result_notice(0.5, 64, "abcdefgh", "ntu-spml/distilhubert")
    'Held-out accuracy: 0.50 on 64 clips (chance: 0.12).'
    """
    line = t("hf.finetune_result", accuracy=float(accuracy), count=int(count), chance=1 / len(labels))
    return line + ("\n" + t("hf.finetune_result_stand_in") if is_stand_in(folder) else "")
