"""Issue 20's levers: what makes the speech-embedding recipe hold up on voices it never heard.

Run by hand (it takes about an hour on 2 cores): ``python benchmarks/kws_levers.py WORKDIR``.
It appends one line per setting to ``WORKDIR/results.txt``; the tables of
``docs/benchmarks.md`` ("Keyword accuracy on voices never heard") were written from them.
Embeddings are cached in WORKDIR, so a second run only retrains heads. Tuning uses the 80
real clips of ../shared/realdata and nothing else that is real.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

from kwscourse.audio import augment
from kwscourse.kws import head as kws_embedding
from kwscourse.kws import speech_embedding
from kwscourse.synthetic import speech as synth
from kwscourse.synthetic import tts
from kwscourse._internal.tf import keras as _keras

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdata" / "speech_commands_sample" / "v0.01_vinsis"
LABELS = list(synth.KEYWORDS)
SEEDS = (0, 1, 2)
NEW_HEAD = {"noise": 0.5, "dropout": 0.5, "smooth": 0.1}  # what kws_embedding now does


class Levers:
    def __init__(self, workdir: Path):
        self.out = Path(workdir)
        (self.out / "emb").mkdir(parents=True, exist_ok=True)
        self.embedder = speech_embedding.load()

    # --- data -------------------------------------------------------------------------------
    def embed_clip(self, y, alpha=1.0):
        """``[9, 96]`` as ``embed_clip``, with the mel bands warped by ``alpha`` (VTLP) first."""
        size = speech_embedding.CLIP_SAMPLES
        y = y[:size]
        before = (size - len(y)) // 2
        frames = self.embedder.mel_frames(np.pad(y, (before, size - len(y) - before)))
        return self.embedder.embed_frames(mel_warp(frames, alpha) if alpha != 1.0 else frames)

    def cached(self, name, make):
        path = self.out / "emb" / f"{name}.npz"
        if not path.exists():
            x, y, g = make()
            np.savez(path, x=x, y=y, g=g)
        data = np.load(path)
        return data["x"], data["y"], data["g"]

    def real(self):
        def make():
            found = kws_embedding.folder_clips(REAL)
            clips, words = found.clips, found.words
            speakers = [p.name.split("_")[0] for p in sorted(REAL.glob("*/*.wav"))]
            return (self.embedder.embed_clips(clips), np.array([LABELS.index(w) for w in words]),
                    np.array(speakers))
        return self.cached("real", make)

    def package(self, per_word, seed=0, engines=None, warp=None):
        """The package's own synthetic keywords, as ``synth_keywords`` makes them."""
        def make():
            folder = self.out / f"synth_{per_word}_{seed}_{engines}"
            if not (folder / "manifest.csv").exists():
                synth.synth_keywords(folder, per_word, seed=seed, engines=engines, progress=False)
            found = kws_embedding.folder_clips(folder)
            clips, words = found.clips, found.words
            with open(folder / "manifest.csv", newline="") as f:
                voices = [row["voice"] for row in csv.DictReader(f)]
            alphas = np.random.default_rng(seed + 7).uniform(*warp, len(clips)) if warp else np.ones(len(clips))
            return (np.stack([self.embed_clip(c, a) for c, a in zip(clips, alphas)]),
                    np.array([LABELS.index(w) for w in words]), np.array(voices))
        return self.cached(f"synth_{per_word}_{seed}_{engines}_{warp}", make)

    def engine_pool(self, per_word, seed=0, warp=None, engines=("flite", "festival")):
        """Flite and Festival only, each voice at 4 rates (and Flite at 6 pitches), placed in rooms and noise."""
        def make():
            pool = {}
            for word in LABELS:
                for voice in tts.voices("en", engines):
                    if tts.engine_of(voice) == "espeak":
                        continue
                    pitches = (10, 20, 30, 45, 60, 80) if tts.engine_of(voice) == "flite" else (50,)
                    pool.setdefault(voice, {})[word] = [
                        synth.trim_silence(tts.speak(word, voice, rate=rate, pitch=pitch))
                        for rate in (219, 184, 159, 135) for pitch in pitches]
            rng = np.random.default_rng(seed + 100)
            voices = sorted(pool)
            xs, ys, gs = [], [], []
            for index, word in enumerate(LABELS):
                for _ in range(per_word):
                    voice = voices[rng.integers(len(voices))]
                    takes = pool[voice][word]
                    speech = takes[rng.integers(len(takes))]
                    recipe = synth.random_recipe(word, rng)
                    alpha = rng.uniform(*warp) if warp else 1.0
                    xs.append(self.embed_clip(synth.render_clip(recipe, rng, speech=speech), alpha))
                    ys.append(index)
                    gs.append(voice)
            return np.stack(xs), np.array(ys), np.array(gs)
        return self.cached(f"pool_{per_word}_{seed}_{warp}_{'-'.join(engines)}", make)

    def real_augmented(self, copies=4, warp=(0.88, 1.12), speed=(0.9, 1.1), seed=0):
        def make():
            rng = np.random.default_rng(seed + 55)
            clips = kws_embedding.folder_clips(REAL).clips
            _, ids, speakers = self.real()
            xs, ys, gs = [], [], []
            for clip, label, speaker in zip(clips, ids, speakers):
                for _ in range(copies):
                    faster = augment.change_speed(clip, rng.uniform(*speed))
                    xs.append(self.embed_clip(faster, rng.uniform(*warp)))
                    ys.append(label)
                    gs.append(speaker)
            return np.stack(xs), np.array(ys), np.array(gs)
        return self.cached(f"realaug_{copies}_{warp}_{speed}_{seed}", make)

    # --- measuring -----------------------------------------------------------------------------
    def on_real(self, train_set, **head):
        rx, ry, _ = self.real()
        x, y, _ = train_set
        return [accuracy(train(x, y, seed, **head), rx, ry) for seed in SEEDS]

    def folds(self, synthetic=None, real_repeat=10, augmented=None, **head):
        """Pooled accuracy per seed, and the mean accuracy of each of 5 folds by speaker."""
        rx, ry, speakers = self.real()
        fold_of = {s: i % 5 for i, s in enumerate(sorted(set(speakers)))}
        folds = np.array([fold_of[s] for s in speakers])
        pooled, by_fold = [], np.zeros((len(SEEDS), 5))
        for row, seed in enumerate(SEEDS):
            for fold in range(5):
                kept, held = folds != fold, folds == fold
                xs, ys = [np.repeat(rx[kept], real_repeat, 0)], [np.repeat(ry[kept], real_repeat)]
                if augmented is not None:
                    ax, ay, ag = augmented
                    mine = np.isin(ag, speakers[kept])
                    xs.append(ax[mine])
                    ys.append(ay[mine])
                if synthetic is not None:
                    xs.append(synthetic[0])
                    ys.append(synthetic[1])
                head_model = train(np.concatenate(xs), np.concatenate(ys), seed, **head)
                by_fold[row, fold] = accuracy(head_model, rx[held], ry[held])
            pooled.append(float(sum(by_fold[row, f] * (folds == f).sum() for f in range(5)) / len(ry)))
        return pooled, by_fold.mean(0)

    def report(self, name, accuracies, folds=None):
        line = f"{name:55s} mean {np.mean(accuracies):.3f}  seeds [{', '.join(f'{a:.3f}' for a in accuracies)}]"
        if folds is not None:
            line += f"  folds [{', '.join(f'{a:.2f}' for a in folds)}] min {folds.min():.2f}"
        print(line, flush=True)
        with open(self.out / "results.txt", "a") as f:
            f.write(line + "\n")


def mel_warp(frames, alpha, low_hz=60.0, high_hz=3800.0):
    """Vocal-tract-length perturbation on mel frames: band b takes the value the original had at f_b / alpha."""
    mel = lambda f: 2595 * np.log10(1 + f / 700)  # noqa: E731
    centres_mel = np.linspace(mel(low_hz), mel(high_hz), frames.shape[1] + 2)[1:-1]
    centres_hz = 700 * (10 ** (centres_mel / 2595) - 1)
    source = np.interp(mel(centres_hz / alpha), centres_mel, np.arange(frames.shape[1]))
    return np.stack([np.interp(source, np.arange(frames.shape[1]), row) for row in frames])


def build(kind, classes, norm, noise=0.2, dropout=0.3, weight_decay=0.0):
    keras = _keras()
    layers = keras.layers
    reg = keras.regularizers.l2(weight_decay) if weight_decay else None
    inputs = keras.Input(kws_embedding.INPUT_SHAPE)
    x = layers.GaussianNoise(noise)(norm(inputs)) if noise else norm(inputs)
    if kind == "flat":
        x = layers.Dense(128, "relu", kernel_regularizer=reg)(layers.Dropout(dropout)(layers.Flatten()(x)))
    elif kind == "meanmax":
        x = layers.Dense(128, "relu", kernel_regularizer=reg)(x)
        x = layers.Concatenate()([layers.GlobalAveragePooling1D()(x), layers.GlobalMaxPooling1D()(x)])
    elif kind == "conv":
        x = layers.Conv1D(128, 3, activation="relu", kernel_regularizer=reg)(layers.Dropout(dropout)(x))
        x = layers.GlobalMaxPooling1D()(x)
    else:  # logistic regression over the 9 x 96 numbers
        x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(classes, kernel_regularizer=reg)(layers.Dropout(dropout)(x)))


def train(x, y, seed, kind="flat", epochs=40, smooth=0.0, mixup=0.0, validation=None, **layers_kw):
    keras = _keras()
    keras.utils.set_random_seed(seed)
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(x.reshape(-1, x.shape[-1]))
    model = build(kind, len(LABELS), norm, **layers_kw)
    model.compile(keras.optimizers.Adam(1e-3),
                  keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=smooth))
    one_hot = np.eye(len(LABELS), dtype=np.float32)
    targets = one_hot[y]
    if mixup:
        rng = np.random.default_rng(seed)
        other = rng.permutation(len(x))
        lam = rng.beta(mixup, mixup, (len(x), 1)).astype(np.float32)
        x = np.concatenate([x, lam[:, :, None] * x + (1 - lam[:, :, None]) * x[other]])
        targets = np.concatenate([targets, lam * targets + (1 - lam) * targets[other]])
    callbacks = []
    if validation is not None:
        callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=8, restore_best_weights=True)]
        validation = (validation[0], one_hot[validation[1]])
    model.fit(x, targets, epochs=epochs, batch_size=64, verbose=0, validation_data=validation, callbacks=callbacks)
    return model


def accuracy(model, x, y) -> float:
    return float(np.mean(np.asarray(model(x, training=False)).argmax(-1) == y))


def main(workdir: str) -> None:
    lab = Levers(Path(workdir))
    espeak = lab.package(300, engines=("espeak",))
    pool = lab.engine_pool(300)
    both = tuple(np.concatenate(pair) for pair in zip(espeak, pool))
    lab.report("eSpeak 300, old head (before)", lab.on_real(espeak))
    for kind in ("logistic", "conv", "meanmax"):
        lab.report(f"eSpeak 300, {kind}", lab.on_real(espeak, kind=kind))
    lab.report("eSpeak 300, mel warp 0.9-1.1", lab.on_real(lab.package(300, engines=("espeak",), warp=(0.9, 1.1))))
    lab.report("Flite only 300", lab.on_real(lab.engine_pool(300, engines=("flite",))))
    lab.report("Festival only 300", lab.on_real(lab.engine_pool(300, engines=("festival",))))
    lab.report("Flite + Festival 300", lab.on_real(pool))
    lab.report("Flite + Festival 300, mel warp", lab.on_real(lab.engine_pool(300, warp=(0.9, 1.1))))
    lab.report("eSpeak 300 + engines 300", lab.on_real(both))
    for name, head in (("20 epochs", {"epochs": 20}), ("80 epochs", {"epochs": 80}),
                       ("label smoothing 0.1", {"smooth": 0.1}), ("mixup 0.4", {"mixup": 0.4}),
                       ("weight decay 1e-4", {"weight_decay": 1e-4}), ("dropout 0.5", {"dropout": 0.5}),
                       ("noise 0.5", {"noise": 0.5}), ("logistic, noise 0.5", {"kind": "logistic", "noise": 0.5}),
                       ("new head", NEW_HEAD)):
        lab.report(f"eSpeak 300 + engines 300, {name}", lab.on_real(both, **head))
    x, y, voices = both
    held = np.isin(voices, sorted(set(voices))[::4])
    lab.report("eSpeak 300 + engines 300, early stopping on held-out voices",
               lab.on_real((x[~held], y[~held], voices[~held]), validation=(x[held], y[held]), epochs=100))
    for per_word in (300, 500):
        defaults = lab.package(per_word)
        lab.report(f"synth_keywords defaults {per_word}, old head", lab.on_real(defaults))
        lab.report(f"synth_keywords defaults {per_word}, new head (after)", lab.on_real(defaults, **NEW_HEAD))
    augmented = lab.real_augmented()
    lab.report("FOLDS real only x1", *lab.folds(real_repeat=1))
    lab.report("FOLDS real only x10", *lab.folds())
    lab.report("FOLDS real only x10, logistic", *lab.folds(kind="logistic"))
    lab.report("FOLDS real x2 + aug 4", *lab.folds(real_repeat=2, augmented=augmented))
    lab.report("FOLDS real x2 + aug 4, new head", *lab.folds(real_repeat=2, augmented=augmented, **NEW_HEAD))
    synthetic = lab.package(300)
    lab.report("FOLDS synthetic 300 + real x10", *lab.folds(synthetic))
    lab.report("FOLDS synthetic 300 + real x10, logistic", *lab.folds(synthetic, kind="logistic"))
    lab.report("FOLDS synthetic 300 + real x2 + aug 4", *lab.folds(synthetic, 2, augmented))
    lab.report("FOLDS synthetic 500 + real x2 + aug 4, new head", *lab.folds(lab.package(500), 2, augmented, **NEW_HEAD))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/levers-work")
