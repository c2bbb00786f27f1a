from otter.test_files import test_case

OK_FORMAT = False

name = "q1_overlap"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="With the lesson's back-to-back windows over 10 s, a sound from 0.5 to 1.5 s lies whole in the window at 0 s, and one from 2.5 to 3.5 s in none.")
def test_lesson_windows(windows_holding, np):
    assert np.allclose(windows_holding(0.5, 1.5, 3.0, 0.0, 10.0), [0.0])
    assert list(windows_holding(2.5, 3.5, 3.0, 0.0, 10.0)) == []

@test_case(points=1.0, hidden=False, 
    failure_message="With MIN_OVERLAP, the 1 s sound from 2.5 to 3.5 s that the lesson's windows cut in half must lie whole in some window.")
def test_no_longer_cut(MIN_OVERLAP, np):
    assert isinstance(MIN_OVERLAP, float) and 0 <= MIN_OVERLAP < 1
    starts = np.arange(0, 7.0 + 1e-09, 3 * (1 - MIN_OVERLAP))
    assert any((s <= 2.5 + 1e-09 and 3.5 <= s + 3 + 1e-09 for s in starts))

