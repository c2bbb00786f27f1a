from otter.test_files import test_case

OK_FORMAT = False

name = "q1_model_rate"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Un segundo a 44.1 kHz debe quedar en 16000 muestras, y un tono de 1000 Hz debe seguir en 1000 Hz.")
def test_tone_survives(to_model_rate, tone, np):
    out = np.asarray(to_model_rate(tone(1000), 44100))
    assert out.shape == (16000,) and out.dtype == np.float32
    spectrum = np.abs(np.fft.rfft(out * np.hanning(out.size)))
    assert abs(np.argmax(spectrum) - 1000) <= 2

@test_case(points=1.0, hidden=False, 
    failure_message="Si 44100 muestras por segundo se reproducen como si fueran 16000, el sonido dura más y suena más grave.")
def test_heard_lower(HEARD_HZ):
    assert 0 < float(HEARD_HZ) < 440

