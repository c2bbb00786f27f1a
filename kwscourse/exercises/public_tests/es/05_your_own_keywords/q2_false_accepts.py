from otter.test_files import test_case

OK_FORMAT = False

name = "q2_false_accepts"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Las tres ventanas seguidas de toy son una sola palabra: count_events(toy) debe ser 1, y 0 en una secuencia en la que no se activa nada.")
def test_toy(count_events, toy, np):
    assert count_events(toy) == 1 and count_events(np.zeros(50, dtype=bool)) == 0

@test_case(points=1.0, hidden=False, 
    failure_message="Una hora son 45000 ventanas de 80 ms: tres detecciones sueltas en ella son 3.0 falsas aceptaciones por hora, y las dos de su primera media hora, 4.0 por hora.")
def test_per_hour(false_accepts_per_hour, np):
    hour = np.zeros(45000, dtype=bool)
    hour[[100, 20000, 40000]] = True
    assert np.isclose(false_accepts_per_hour(hour), 3.0, rtol=0.001)
    assert np.isclose(false_accepts_per_hour(hour[:22500]), 4.0, rtol=0.001)

