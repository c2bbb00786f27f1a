from otter.test_files import test_case

OK_FORMAT = False

name = "q1_hearing"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Un chasquido de 0.90 s a 1.00 s cae donde se solapan tres parches: el parche 0 oye su principio y el 2, su final.")
def test_click(patches_hearing):
    assert [int(i) for i in patches_hearing(0.9, 1.0, 6)] == [0, 1, 2]

@test_case(points=1.0, hidden=False, 
    failure_message="PADDED_SAMPLES cuenta muestras: un número entero, como mínimo 0 y menor que un salto (7680).")
def test_padding_range(PADDED_SAMPLES):
    assert isinstance(PADDED_SAMPLES, int) and 0 <= PADDED_SAMPLES < 7680

