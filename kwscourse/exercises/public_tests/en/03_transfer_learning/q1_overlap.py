from otter.test_files import test_case

OK_FORMAT = False

name = "q1_overlap"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="MY_OVERLAP must be the number 0.5, written with a decimal point (a float): a new 3 s window every 1.5 s.")
def test_overlap_value(MY_OVERLAP):
    assert isinstance(MY_OVERLAP, float) and MY_OVERLAP == 0.5

@test_case(points=1.0, hidden=False, 
    failure_message="Consecutive values in starts must be 1.5 s apart: store the start_s of every window your function returns.")
def test_spacing(starts, np):
    gaps = np.diff(np.asarray(starts, dtype=float))
    assert len(starts) >= 2 and np.allclose(gaps, 1.5)

