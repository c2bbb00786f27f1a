"""Widgets on the kernel side: messages in, waveform out; live windows; upload."""

from __future__ import annotations

import io
import time

import ipywidgets
import numpy as np
import pytest
import soundfile as sf

from kwscourse.ui import widgets
from kwscourse.i18n import AudioError, CourseError, ParameterError

from signals import tone


def from_browser(widget, data, buffers=()):
    """A comm message from the front end, as the kernel's comm hands it to the widget: binary
    buffers as memoryviews, through ipywidgets' own dispatch (7.7.1 or 8). Outside a kernel,
    ipykernel 6's ``Comm.handle_msg`` cannot run, so this calls the handler it calls."""
    widget._handle_msg({"content": {"comm_id": widget.model_id, "data": data},
                        "buffers": [memoryview(b) for b in buffers]})


def send(widget, content, buffers=()):
    """What the widget's JavaScript ``model.send(content, undefined, buffers)`` delivers."""
    from_browser(widget, {"method": "custom", "content": content}, buffers)


def feed(recorder, signal, rate=48000, chunk=4096):
    send(recorder, {"type": "start", "sample_rate": rate})
    for i in range(0, signal.size, chunk):
        block = np.ascontiguousarray(signal[i:i + chunk], dtype=np.float32)
        send(recorder, {"type": "chunk", "sent_ms": time.time() * 1000}, [block.tobytes()])
    send(recorder, {"type": "stop"})


def test_recorder_resamples_what_the_browser_sends(tmp_path):
    recorder = widgets.MicRecorder(seconds=1.0)
    sent = tone(440, 1.0, 48000)
    feed(recorder, sent)
    assert recorder.state == "done" and recorder.browser_rate == 48000
    assert recorder.raw.dtype == np.float32 and np.array_equal(recorder.raw, sent)  # bit for bit
    y = recorder.waveform
    assert y.size == 16000 and recorder.sample_rate == 16000
    assert np.argmax(np.abs(np.fft.rfft(y))) == 440
    path = recorder.save(tmp_path / "me.wav")
    assert sf.info(path).samplerate == 16000 and sf.info(path).frames == 16000
    assert len(recorder.round_trips_ms) == 12


def test_recorder_states_and_errors(tmp_path, spanish):
    recorder = widgets.MicRecorder()
    assert recorder.labels["record"] == "Grabar"
    send(recorder, {"type": "error", "state": "denied"})
    assert recorder.state == "denied" and recorder.waveform.size == 0
    with pytest.raises(CourseError, match="Todavía no se ha grabado"):
        recorder.save(tmp_path / "x.wav")
    for seconds in (-1, "2", None):
        with pytest.raises(ParameterError) as err:
            widgets.MicRecorder(seconds=seconds)
        assert str(err.value) == f"seconds debe ser un número positivo, no {seconds!r}."
    assert widgets.MicRecorder(seconds=0).seconds == 0.0  # 0: stop with the button


def test_live_classifier_classifies_each_window_off_the_message_thread():
    calls = []

    def loudness(y):
        calls.append(y.size)
        level = float(np.abs(y).mean())
        return ["quiet", "loud"], [1 - level, level]

    live = widgets.LiveClassifier(loudness, window_s=1.0, overlap=0.5)
    signal = np.concatenate([np.zeros(48000), 0.9 * np.ones(48000)]).astype(np.float32)
    feed(live, signal)
    live._worker.shutdown(wait=True)
    assert calls == [16000] * 3  # windows at 0, 0.5 and 1.0 s, each resampled to 16 kHz
    # The middle window is half silence, half loud (mean level 0.45): still "quiet".
    assert [label for _, label, _ in live.history] == ["quiet", "quiet", "loud"]
    assert live.current_label == "loud" and live.top_labels[0] == "loud"
    assert len(live.latencies_ms) == 3 and live._stream.pending == 0  # stop cleared the queue


def test_live_classifier_refuses_bad_arguments_before_any_recording():
    with pytest.raises(ParameterError) as err:
        widgets.LiveClassifier("yamnet")
    assert str(err.value) == "classify must be a function, not 'yamnet'."
    with pytest.raises(ParameterError) as err:
        widgets.LiveClassifier(len, overlap=(0, 5))  # lesson 3's exercise: 0,5 is a tuple
    assert "write 0.5, with a decimal point" in str(err.value)
    for bad in ({"window_s": 0}, {"top": 0}):
        with pytest.raises(ParameterError):
            widgets.LiveClassifier(len, **bad)


def upload_from_browser(widget, name, content: bytes):
    """The state update a browser sends after choosing a file: ipywidgets 8's ``value`` list,
    or ipywidgets 7's (Colab's) ``metadata`` and ``data`` lists and a counter."""
    about = {"name": name, "type": "audio/wav", "size": len(content)}
    if int(ipywidgets.__version__.split(".")[0]) >= 8:
        state, paths = {"value": [{**about, "content": None, "last_modified": 0}]}, [["value", 0, "content"]]
    else:
        state, paths = {"metadata": [{**about, "lastModified": 0}], "data": [None], "_counter": 1}, [["data", 0]]
    from_browser(widget, {"method": "update", "state": state, "buffer_paths": paths}, [content])


def test_upload_gives_the_same_waveform():
    upload = widgets.Upload()
    assert upload.waveform.size == 0
    buffer = io.BytesIO()
    sf.write(buffer, tone(300, 1.0, 44100), 44100, format="WAV")
    upload_from_browser(upload.widget, "a.wav", buffer.getvalue())
    y = upload.waveform
    assert y.size == 16000 and np.argmax(np.abs(np.fft.rfft(y))) == 300


def test_adapters_turn_models_into_label_score_functions():
    class FakeSpotter:
        def __call__(self, batch):
            import tensorflow as tf

            assert batch.shape == (1, 16000)
            return {"predictions": tf.constant([[0.2, 0.8]])}

    labels, scores = widgets.kws_adapter(FakeSpotter(), ["no", "yes"])(np.zeros(8000, np.float32))
    assert labels == ["no", "yes"] and np.allclose(scores, [0.2, 0.8])


def test_classifying_before_recording_says_press_record():
    from kwscourse.audio import waveform as audio
    from kwscourse.hf import input as hf_input

    with pytest.raises(CourseError) as err:
        hf_input.to_model_rate(widgets.MicRecorder(), None, 16000)
    assert "press record" in str(err.value).lower()  # hf's own message: the widget is what is empty
    with pytest.raises(AudioError) as err:
        audio.loudest_window(np.zeros(0, np.float32))
    assert err.value.key == "audio.empty"
