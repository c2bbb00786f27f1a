from otter.test_files import test_case

OK_FORMAT = False

name = "q4_softmax_sigmoid"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Con los logits [2, 2, -1], la sigmoide da unos [0.881, 0.881, 0.269]; la softmax da puntuaciones que suman 1.")
def test_values(to_probabilities, np):
    z = np.array([2.0, 2.0, -1.0])
    assert np.allclose(to_probabilities(z, True), [0.8808, 0.8808, 0.2689], atol=0.001)
    soft = np.asarray(to_probabilities(z, False))
    assert np.isclose(soft.sum(), 1.0) and np.allclose(soft, [0.4881, 0.4881, 0.0243], atol=0.001)

@test_case(points=1.0, hidden=False, 
    failure_message="Con sigmoide, el clip de la calle es a la vez voz, sirena y música; cada etiqueta se juzga por separado.")
def test_street(to_probabilities, labels_over, EVENT_LABELS, street_logits):
    assert list(labels_over(to_probabilities(street_logits, True), EVENT_LABELS)) == ['speech', 'siren', 'music']

