from otter.test_files import test_case

OK_FORMAT = False

name = "q2_windows"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="10 muestras en ventanas de 4 cada 3 empiezan en [0, 3, 6]: la última termina justo en la muestra 10.")
def test_small(window_starts):
    assert [int(s) for s in window_starts(10, 4, 3)] == [0, 3, 6]

@test_case(points=1.0, hidden=False, 
    failure_message="Una canción de 3 minutos a 16 kHz en ventanas de 30 s cada 15 s da 11 ventanas, y la última empieza en el segundo 150.")
def test_song(window_starts):
    starts = [int(s) for s in window_starts(180 * 16000, 30 * 16000, 15 * 16000)]
    assert len(starts) == 11 and starts[0] == 0 and (starts[-1] == 150 * 16000)

