from otter.test_files import test_case

OK_FORMAT = False

name = "q4_clip_class"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Para example_frames, la media de los seis parches es más alta en la clase 2 (toilet_flush).")
def test_example(clip_class, example_frames):
    assert clip_class(example_frames) == 2

