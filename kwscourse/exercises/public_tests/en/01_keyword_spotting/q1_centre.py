from otter.test_files import test_case

OK_FORMAT = False

name = "q1_centre"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="The result must have exactly 16000 samples, for short and for long clips.")
def test_length(centre_one_second, np):
    for n in (1, 8000, 16000, 20000):
        assert np.shape(centre_one_second(np.ones(n))) == (16000,)

@test_case(points=1.0, hidden=False, 
    failure_message="A half-second clip should have 4000 zeros before it and 4000 after it.")
def test_half_second(centre_one_second, np):
    out = np.asarray(centre_one_second(np.ones(8000)))
    assert out[:4000].sum() == 0 and out[-4000:].sum() == 0
    assert np.all(out[4000:12000] == 1)

