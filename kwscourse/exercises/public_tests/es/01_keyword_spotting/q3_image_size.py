from otter.test_files import test_case

OK_FORMAT = False

name = "q3_image_size"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="257 bins piden una FFT de 512, así que FRAME_LENGTH debe estar entre 257 y 512.")
def test_bins(FRAME_LENGTH):
    assert isinstance(FRAME_LENGTH, int) and 257 <= FRAME_LENGTH <= 512

