from otter.test_files import test_case

OK_FORMAT = False

name = "q5_unsure"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="A clear winner (0.95) is returned by name; a best score of 0.40 is 'unsure'.")
def test_basic(decide):
    assert decide([{'label': 'jazz', 'score': 0.95}, {'label': 'blues', 'score': 0.03}]) == 'jazz'
    low = [{'label': 'calm', 'score': 0.4}, {'label': 'sad', 'score': 0.2}, {'label': 'happy', 'score': 0.15}]
    assert decide(low) == 'unsure'

