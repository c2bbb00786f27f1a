from . import cnn, detection, features, head, recipes, speech_embedding, speech_embedding_keras, spotting
from .cnn import (
    adapted_normalization,
    build_kws_model,
    compile_model,
    export_model,
    predict_labels,
    save_model_dir,
    softmax,
    train,
)
from .detection import (
    det_curve,
    false_accepts,
    false_rejects,
    operating_point,
)
from .features import (
    keyword_splits,
    log_mel_spectrogram,
    mfcc,
    spectrogram,
)
from .head import (
    EmbeddingSpotter,
    FILLER_WORDS,
    background_clips,
    folder_clips,
    head_accuracy,
    save_take,
    train_head,
    train_on_folders,
)
from .recipes import (
    accuracy_on_arrays,
    dataset_arrays,
    fit_arrays,
    learning_curve,
)
from .spotting import (
    load_clips,
    load_model_dir,
)
