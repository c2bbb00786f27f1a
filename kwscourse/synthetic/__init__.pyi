from . import non_keyword_audio, sound_events, speech, stand_ins, tts
from .non_keyword_audio import (
    PRACTICE_WORDS,
    embedding_stacks,
    recording,
    score_recording,
)
from .sound_events import (
    tune,
)
from .speech import (
    VOICES_BY_LANGUAGE,
    cached_synth_keywords,
    synthesize,
)
from .stand_ins import (
    is_stand_in,
    stand_in_notice,
)
