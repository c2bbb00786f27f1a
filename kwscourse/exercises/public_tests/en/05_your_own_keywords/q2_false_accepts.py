from otter.test_files import test_case

OK_FORMAT = False

name = "q2_false_accepts"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="The three windows in a row of toy are one word: count_events(toy) must be 1, and 0 for a stream where nothing fires.")
def test_toy(count_events, toy, np):
    assert count_events(toy) == 1 and count_events(np.zeros(50, dtype=bool)) == 0

@test_case(points=1.0, hidden=False, 
    failure_message="One hour is 45000 windows of 80 ms: three lone detections in it are 3.0 false accepts per hour, and the two in its first half hour are 4.0 per hour.")
def test_per_hour(false_accepts_per_hour, np):
    hour = np.zeros(45000, dtype=bool)
    hour[[100, 20000, 40000]] = True
    assert np.isclose(false_accepts_per_hour(hour), 3.0, rtol=0.001)
    assert np.isclose(false_accepts_per_hour(hour[:22500]), 4.0, rtol=0.001)

