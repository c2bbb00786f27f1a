from otter.test_files import test_case

OK_FORMAT = False

name = "q1_model_rate"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="One second at 44.1 kHz must become 16000 samples in which a 1000 Hz tone is still at 1000 Hz.")
def test_tone_survives(to_model_rate, tone, np):
    out = np.asarray(to_model_rate(tone(1000), 44100))
    assert out.shape == (16000,) and out.dtype == np.float32
    spectrum = np.abs(np.fft.rfft(out * np.hanning(out.size)))
    assert abs(np.argmax(spectrum) - 1000) <= 2

@test_case(points=1.0, hidden=False, 
    failure_message="Played 44100 samples per second as if they were 16000, a sound lasts longer and sounds lower.")
def test_heard_lower(HEARD_HZ):
    assert 0 < float(HEARD_HZ) < 440

