from otter.test_files import test_case

OK_FORMAT = False

name = "q2_bins"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Columns are frequencies and rows are frames: find the loudest column of spec, then turn its index into Hz.")
def test_mystery(loudest_hz, spec):
    assert abs(float(loudest_hz(spec)) - 1375) < 1

