from otter.test_files import test_case

OK_FORMAT = False

name = "q3_prepare"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Un segundo de estéreo a 44.1 kHz debe convertirse en un único array 1-D float32 de 16000 muestras en [-1, 1].")
def test_shape_and_type(prepare, stereo_pcm, np):
    y = prepare(stereo_pcm, 44100)
    assert isinstance(y, np.ndarray) and y.dtype == np.float32 and (y.ndim == 1)
    assert abs(y.size - 16000) <= 2
    assert np.max(np.abs(y)) <= 1.0

@test_case(points=1.0, hidden=False, 
    failure_message="Después de prepare, el tono de 1 kHz debe seguir en 1000 Hz al leerlo a 16 kHz: remuestrea, no cambies solo la etiqueta.")
def test_tone_stays_1khz(prepare, stereo_pcm, np):
    y = np.asarray(prepare(stereo_pcm, 44100), dtype=float)
    peak = np.fft.rfftfreq(y.size, 1 / 16000)[np.argmax(np.abs(np.fft.rfft(y)))]
    assert abs(peak - 1000) < 3

