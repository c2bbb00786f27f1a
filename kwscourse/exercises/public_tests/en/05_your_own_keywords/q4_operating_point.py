from otter.test_files import test_case

OK_FORMAT = False

name = "q4_operating_point"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="MY_THRESHOLD must keep false accepts within 1 per hour, and MY_MISS_RATE must be the miss rate of the DET point at that threshold.")
def test_budget(MY_THRESHOLD, MY_MISS_RATE, det_thresholds, det_miss_rates, det_fa_per_hour, np):
    at = np.flatnonzero(np.isclose(det_thresholds, MY_THRESHOLD))
    assert len(at) == 1 and det_fa_per_hour[at[0]] <= 1.0
    assert np.isclose(MY_MISS_RATE, det_miss_rates[at[0]])

