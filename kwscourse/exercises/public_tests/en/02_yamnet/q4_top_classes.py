from otter.test_files import test_case

OK_FORMAT = False

name = "q4_top_classes"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="In the example, one bark must not beat a whole clip of speech: the top 2 are Speech, then Music.")
def test_example(top_classes, EXAMPLE_SCORES, EXAMPLE_NAMES):
    top = top_classes(EXAMPLE_SCORES, EXAMPLE_NAMES, 2)
    assert [name for name, _ in top] == ['Speech', 'Music']

