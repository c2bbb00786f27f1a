from otter.test_files import test_case

OK_FORMAT = False

name = "q4_label_order"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="With the README order, the score of 'yes' (the model's last class) must come first.")
def test_readme_order(scores_in_order, MODEL_ORDER, README_ORDER, np):
    scores = np.arange(8) / 10
    out = np.asarray(scores_in_order(scores, MODEL_ORDER, README_ORDER))
    assert np.allclose(out, [0.7, 0.3, 0.6, 0.0, 0.2, 0.4, 0.5, 0.1])

