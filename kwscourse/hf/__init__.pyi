from . import classifier, finetune, input, train
from .classifier import (
    Classifier,
    DEFAULT_WINDOW_S,
    PRESETS,
    Preset,
    as_classifier,
    classify,
    load,
    model_source,
)
from .finetune import (
    accuracy,
    checkpoint,
    checkpoint_notice,
    clip_inputs,
    collate,
    is_stand_in,
    keyword_clips,
    new_head_notice,
    result_notice,
)
from .input import (
    chunk_spans,
)
from .train import (
    epoch_log,
    evaluate,
    train_from_scratch,
)
