from otter.test_files import test_case

OK_FORMAT = False

name = "q5_confusion"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="For true [0, 0, 1, 2] and predicted [0, 1, 1, 1] the matrix is [[1, 1, 0], [0, 1, 0], [0, 1, 0]].")
def test_small_matrix(confusion_matrix, np):
    m = np.asarray(confusion_matrix([0, 0, 1, 2], [0, 1, 1, 1], 3))
    assert m.shape == (3, 3) and (m == [[1, 1, 0], [0, 1, 0], [0, 1, 0]]).all()

