from otter.test_files import test_case

OK_FORMAT = False

name = "q3_prepare"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="One second of stereo at 44.1 kHz must become one 1-D float32 array of 16000 samples in [-1, 1].")
def test_shape_and_type(prepare, stereo_pcm, np):
    y = prepare(stereo_pcm, 44100)
    assert isinstance(y, np.ndarray) and y.dtype == np.float32 and (y.ndim == 1)
    assert abs(y.size - 16000) <= 2
    assert np.max(np.abs(y)) <= 1.0

@test_case(points=1.0, hidden=False, 
    failure_message="After prepare, the 1 kHz tone must still be at 1000 Hz when read at 16 kHz: resample, do not relabel.")
def test_tone_stays_1khz(prepare, stereo_pcm, np):
    y = np.asarray(prepare(stereo_pcm, 44100), dtype=float)
    peak = np.fft.rfftfreq(y.size, 1 / 16000)[np.argmax(np.abs(np.fft.rfft(y)))]
    assert abs(peak - 1000) < 3

