from otter.test_files import test_case

OK_FORMAT = False

name = "q1_overlap"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="MY_OVERLAP debe ser el número 0.5, escrito con punto decimal (un float; con coma sería una tupla): una ventana nueva de 3 s cada 1.5 s.")
def test_overlap_value(MY_OVERLAP):
    assert isinstance(MY_OVERLAP, float) and MY_OVERLAP == 0.5

@test_case(points=1.0, hidden=False, 
    failure_message="Los valores seguidos de starts deben estar separados 1.5 s: guarda el start_s de cada ventana que devuelve tu función.")
def test_spacing(starts, np):
    gaps = np.diff(np.asarray(starts, dtype=float))
    assert len(starts) >= 2 and np.allclose(gaps, 1.5)

