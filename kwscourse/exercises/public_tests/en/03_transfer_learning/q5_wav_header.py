from otter.test_files import test_case

OK_FORMAT = False

name = "q5_wav_header"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="5 s of mono 32-bit float at 16 kHz: format code 3 and 320000 bytes of data (80000 samples of 4 bytes).")
def test_five_seconds(FIVE_SECONDS):
    assert FIVE_SECONDS['audio_format'] == 3 and FIVE_SECONDS['data_size'] == 320000

