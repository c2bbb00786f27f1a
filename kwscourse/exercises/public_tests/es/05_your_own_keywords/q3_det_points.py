from otter.test_files import test_case

OK_FORMAT = False

name = "q3_det_points"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Con umbral 0 no se pierde nada y las 60 activaciones son falsas aceptaciones (6.0 por hora); por encima de todas las puntuaciones se pierden todas las palabras clave (tasa 1.0) y no se activa nada más.")
def test_ends(det_points, keyword_scores, background_peaks, BACKGROUND_HOURS, np):
    miss, fa = det_points(keyword_scores, background_peaks, BACKGROUND_HOURS, [0.0, 1.5])
    assert np.allclose(miss, [0.0, 1.0]) and np.allclose(fa, [6.0, 0.0])

