from otter.test_files import test_case

OK_FORMAT = False

name = "q1_embedding_count"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="A one-second clip (97 frames) gives 3 embeddings and a 1.5 s clip (147 frames) gives 9: the first window covers frames 0 to 75, and every 8 frames another one fits.")
def test_counts(embedding_count):
    assert embedding_count(16000) == 3 and embedding_count(24000) == 9

@test_case(points=1.0, hidden=False, 
    failure_message="MIN_SAMPLES must give exactly one embedding, and one sample fewer none.")
def test_shortest(embedding_count, MIN_SAMPLES):
    assert embedding_count(MIN_SAMPLES) == 1 and embedding_count(MIN_SAMPLES - 1) == 0

