from otter.test_files import test_case

OK_FORMAT = False

name = "q2_sanity"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Devuelve las tres claves, cada una con un array 1-D float32 de 48000 muestras para 3 s; el silencio es todo ceros.")
def test_keys_and_shapes(sanity_signals, np):
    signals = sanity_signals(3.0)
    assert sorted(signals) == ['Silence', 'Sine wave', 'White noise']
    for waveform in signals.values():
        assert waveform.dtype == np.float32 and waveform.shape == (48000,)
    assert not np.any(signals['Silence'])

@test_case(points=1.0, hidden=False, 
    failure_message="La frecuencia más fuerte de la onda senoidal debe ser 440 Hz y su pico 1: mide el tiempo en segundos, muestras / 16000.")
def test_sine_is_440(sanity_signals, np):
    sine = np.asarray(sanity_signals(3.0)['Sine wave'], dtype=float)
    freqs = np.fft.rfftfreq(sine.size, 1 / 16000)
    assert abs(freqs[np.argmax(np.abs(np.fft.rfft(sine)))] - 440) < 1
    assert 0.99 < np.max(np.abs(sine)) <= 1.0 + 1e-06

