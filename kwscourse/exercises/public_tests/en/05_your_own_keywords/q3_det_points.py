from otter.test_files import test_case

OK_FORMAT = False

name = "q3_det_points"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="At threshold 0 nothing is missed and all 60 events are false accepts (6.0 per hour); above every score, all keywords are missed (miss rate 1.0) and nothing else fires.")
def test_ends(det_points, keyword_scores, background_peaks, BACKGROUND_HOURS, np):
    miss, fa = det_points(keyword_scores, background_peaks, BACKGROUND_HOURS, [0.0, 1.5])
    assert np.allclose(miss, [0.0, 1.0]) and np.allclose(fa, [6.0, 0.0])

