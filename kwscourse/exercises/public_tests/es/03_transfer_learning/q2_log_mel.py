from otter.test_files import test_case

OK_FORMAT = False

name = "q2_log_mel"
points = None

@test_case(points=1.0, hidden=False, 
    failure_message="Dibuja una imagen con 64 filas (las bandas) y una columna por trama de 10 ms, aquí (64, 198): una imagen de forma (198, 64) pone el tiempo en el eje y.")
def test_image_shape(figure, log_mel, np):
    assert hasattr(figure, 'axes')
    arrays = [np.asarray(a.get_array()) for ax in figure.axes for a in list(ax.images) + list(ax.collections) if a.get_array() is not None]
    assert (64, len(log_mel)) in [a.shape[:2] for a in arrays]

