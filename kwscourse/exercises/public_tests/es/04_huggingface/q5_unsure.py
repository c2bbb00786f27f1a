from otter.test_files import test_case

OK_FORMAT = False

name = "q5_unsure"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Un ganador claro (0.95) se devuelve por su nombre; una mejor puntuación de 0.40 es 'unsure'.")
def test_basic(decide):
    assert decide([{'label': 'jazz', 'score': 0.95}, {'label': 'blues', 'score': 0.03}]) == 'jazz'
    low = [{'label': 'calm', 'score': 0.4}, {'label': 'sad', 'score': 0.2}, {'label': 'happy', 'score': 0.15}]
    assert decide(low) == 'unsure'

