from otter.test_files import test_case

OK_FORMAT = False

name = "q5_wav_header"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="5 s mono en coma flotante de 32 bits a 16 kHz: código de formato 3 y 320000 bytes de datos (80000 muestras de 4 bytes).")
def test_five_seconds(FIVE_SECONDS):
    assert FIVE_SECONDS['audio_format'] == 3 and FIVE_SECONDS['data_size'] == 320000

