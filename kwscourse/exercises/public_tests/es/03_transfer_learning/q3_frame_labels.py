from otter.test_files import test_case

OK_FORMAT = False

name = "q3_frame_labels"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Con los clips de prueba (3, 2 y 4 parches, etiquetas 2, 0, 1), x debe ser (9, 8), y debe tener 9 etiquetas y la etiqueta 1 debe salir 4 veces.")
def test_shapes(frames_and_labels, toy_embeddings, toy_labels, np):
    x, y = frames_and_labels(toy_embeddings, toy_labels)
    assert np.shape(x) == (9, 8) and np.shape(y) == (9,)
    assert np.bincount(np.asarray(y, dtype=int)).tolist() == [2, 4, 3]

