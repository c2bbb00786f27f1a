from otter.test_files import test_case

OK_FORMAT = False

name = "q1_embedding_count"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Un clip de un segundo (97 tramas) da 3 embeddings y uno de 1.5 s (147 tramas) da 9: la primera ventana cubre las tramas 0 a 75, y cada 8 tramas cabe otra.")
def test_counts(embedding_count):
    assert embedding_count(16000) == 3 and embedding_count(24000) == 9

@test_case(points=1.0, hidden=False, 
    failure_message="MIN_SAMPLES debe dar exactamente un embedding, y una muestra menos, ninguno.")
def test_shortest(embedding_count, MIN_SAMPLES):
    assert embedding_count(MIN_SAMPLES) == 1 and embedding_count(MIN_SAMPLES - 1) == 0

