from otter.test_files import test_case

OK_FORMAT = False

name = "q1_frames"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="15600 muestras forman exactamente un parche, y los 3 s de la lección (48000 muestras) forman 6.")
def test_lesson_counts(num_frames):
    assert int(num_frames(15600)) == 1
    assert int(num_frames(48000)) == 6

@test_case(points=1.0, hidden=False, 
    failure_message="Con 3 s, los parches empiezan a los 0, 0.48, 0.96, 1.44, 1.92 y 2.4 segundos.")
def test_lesson_starts(frame_starts, np):
    starts = np.asarray(frame_starts(48000), dtype=float)
    assert starts.shape == (6,) and np.allclose(starts, [0, 0.48, 0.96, 1.44, 1.92, 2.4])

