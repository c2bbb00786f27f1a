from . import detection_diagrams, keras_report, model_diagrams, player, plots, signal_diagrams, widgets
from .detection_diagrams import (
    det_plot,
    score_timeline,
)
from .keras_report import (
    epoch_log,
    layer_table,
)
from .model_diagrams import (
    chunk_timeline,
    embedding_map,
    softmax_vs_sigmoid,
    streaming_timeline,
)
from .player import (
    Player,
)
from .plots import (
    clip_frames,
    confusion_heatmap,
    feature_views,
    learning_curve,
    log_mel,
    score_bars,
    score_heatmap,
    topk_bars,
    training_curves,
    waveform,
    waveform_and_spectrogram,
    waveform_grid,
    yamnet_overview,
)
from .signal_diagrams import (
    fft_and_stft,
    mel_filterbank,
    window_and_hop,
    word_spectrograms,
    yamnet_framing,
    yamnet_pipeline,
)
from .widgets import (
    LiveClassifier,
    MicRecorder,
    Upload,
    kws_adapter,
    yamnet_adapter,
)
