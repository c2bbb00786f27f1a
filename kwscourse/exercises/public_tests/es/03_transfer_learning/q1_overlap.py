from otter.test_files import test_case

OK_FORMAT = False

name = "q1_overlap"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Con las ventanas seguidas de la lección en 10 s, un sonido de 0.5 a 1.5 s cabe entero en la ventana de 0 s, y uno de 2.5 a 3.5 s en ninguna.")
def test_lesson_windows(windows_holding, np):
    assert np.allclose(windows_holding(0.5, 1.5, 3.0, 0.0, 10.0), [0.0])
    assert list(windows_holding(2.5, 3.5, 3.0, 0.0, 10.0)) == []

@test_case(points=1.0, hidden=False, 
    failure_message="Con MIN_OVERLAP, el sonido de 1 s de 2.5 a 3.5 s que las ventanas de la lección parten por la mitad debe caber entero en alguna ventana.")
def test_no_longer_cut(MIN_OVERLAP, np):
    assert isinstance(MIN_OVERLAP, float) and 0 <= MIN_OVERLAP < 1
    starts = np.arange(0, 7.0 + 1e-09, 3 * (1 - MIN_OVERLAP))
    assert any((s <= 2.5 + 1e-09 and 3.5 <= s + 3 + 1e-09 for s in starts))

