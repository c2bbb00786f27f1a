from otter.test_files import test_case

OK_FORMAT = False

name = "q5_decide"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Con umbral 0.6, example_rows da la primera palabra clave, None, None, None y la segunda palabra clave.")
def test_example(decide_all, example_rows, labels, THRESHOLD):
    assert list(decide_all(example_rows, labels, THRESHOLD)) == [labels[2], None, None, None, labels[3]]

