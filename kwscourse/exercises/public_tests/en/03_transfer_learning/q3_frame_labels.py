from otter.test_files import test_case

OK_FORMAT = False

name = "q3_frame_labels"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="For the toy clips (3, 2 and 4 frames, labels 2, 0, 1), x must be (9, 8), y must have 9 labels, and label 1 must appear 4 times.")
def test_shapes(frames_and_labels, toy_embeddings, toy_labels, np):
    x, y = frames_and_labels(toy_embeddings, toy_labels)
    assert np.shape(x) == (9, 8) and np.shape(y) == (9,)
    assert np.bincount(np.asarray(y, dtype=int)).tolist() == [2, 4, 3]

