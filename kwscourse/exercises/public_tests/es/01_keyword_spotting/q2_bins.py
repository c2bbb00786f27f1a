from otter.test_files import test_case

OK_FORMAT = False

name = "q2_bins"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Las columnas son frecuencias y las filas, tramas: busca la columna más fuerte de spec y convierte su índice en Hz.")
def test_mystery(loudest_hz, spec):
    assert abs(float(loudest_hz(spec)) - 1375) < 1

