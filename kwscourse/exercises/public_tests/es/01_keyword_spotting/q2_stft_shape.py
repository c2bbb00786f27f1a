from otter.test_files import test_case

OK_FORMAT = False

name = "q2_stft_shape"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="La configuración de la lección (16000 muestras, 255, 128) debe dar (124, 129).")
def test_lesson_shape(stft_shape):
    assert tuple(stft_shape(16000, 255, 128)) == (124, 129)

