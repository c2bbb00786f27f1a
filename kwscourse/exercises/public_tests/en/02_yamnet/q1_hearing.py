from otter.test_files import test_case

OK_FORMAT = False

name = "q1_hearing"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="A click from 0.90 s to 1.00 s falls where three patches overlap: patch 0 hears its start, patch 2 its end.")
def test_click(patches_hearing):
    assert [int(i) for i in patches_hearing(0.9, 1.0, 6)] == [0, 1, 2]

@test_case(points=1.0, hidden=False, 
    failure_message="PADDED_SAMPLES counts samples: a whole number, at least 0 and less than one hop (7680).")
def test_padding_range(PADDED_SAMPLES):
    assert isinstance(PADDED_SAMPLES, int) and 0 <= PADDED_SAMPLES < 7680

