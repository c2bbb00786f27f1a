from otter.test_files import test_case

OK_FORMAT = False

name = "q2_windows"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="10 samples in windows of 4 every 3 start at [0, 3, 6]: the last one ends exactly at sample 10.")
def test_small(window_starts):
    assert [int(s) for s in window_starts(10, 4, 3)] == [0, 3, 6]

@test_case(points=1.0, hidden=False, 
    failure_message="A 3-minute song at 16 kHz in 30-s windows every 15 s gives 11 windows, the last starting at 150 s.")
def test_song(window_starts):
    starts = [int(s) for s in window_starts(180 * 16000, 30 * 16000, 15 * 16000)]
    assert len(starts) == 11 and starts[0] == 0 and (starts[-1] == 150 * 16000)

