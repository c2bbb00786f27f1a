from otter.test_files import test_case

OK_FORMAT = False

name = "q3_mean_ranking"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="En el ejemplo 'metal' gana la primera ventana, pero jazz tiene la mejor media (unos 0.397).")
def test_mean_not_max(combine_chunks, np):
    windows = [[{'label': 'metal', 'score': 0.95}, {'label': 'jazz', 'score': 0.04}, {'label': 'blues', 'score': 0.01}], [{'label': 'jazz', 'score': 0.6}, {'label': 'blues', 'score': 0.3}, {'label': 'metal', 'score': 0.1}], [{'label': 'jazz', 'score': 0.55}, {'label': 'blues', 'score': 0.4}, {'label': 'metal', 'score': 0.05}]]
    out = combine_chunks(windows)
    assert [d['label'] for d in out] == ['jazz', 'metal', 'blues']
    assert np.isclose(out[0]['score'], 1.19 / 3)

