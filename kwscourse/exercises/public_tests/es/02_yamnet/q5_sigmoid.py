from otter.test_files import test_case

OK_FORMAT = False

name = "q5_sigmoid"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Cada logit pasa por su propia sigmoide: los logits [0, 2, 2, -3] dan unos [0.5, 0.881, 0.881, 0.047].")
def test_sigmoid_values(yamnet_scores, np):
    scores = np.asarray(yamnet_scores(np.array([[0.0, 2.0, 2.0, -3.0]])))
    assert scores.shape == (1, 4)
    assert np.allclose(scores, [[0.5, 0.8808, 0.8808, 0.0474]], atol=0.001)

@test_case(points=1.0, hidden=False, 
    failure_message="En el coche de policía, Siren, Police car (siren) y Vehicle superan todas 0.5 de media, en ese orden.")
def test_siren(yamnet_scores, active_classes, siren_logits, SIREN_NAMES):
    active = active_classes(yamnet_scores(siren_logits), SIREN_NAMES)
    assert list(active) == ['Siren', 'Police car (siren)', 'Vehicle']

