// Microphone capture for kwscourse widgets: getUserMedia (no echo cancellation, noise
// suppression or auto gain) -> AudioWorklet -> Float32 chunks sent to the kernel as binary.
const WORKLET = `
class KwsCapture extends AudioWorkletProcessor {
  process(inputs) {
    const input = inputs[0];
    if (input && input[0]) this.port.postMessage(input[0].slice(0));
    return true;
  }
}
registerProcessor("kws-capture", KwsCapture);
`;
const CHUNK = 4096;

function fmt(seconds) {
  return seconds.toFixed(1) + " s";
}

export function mountCapture(model, el, extra) {
  const labels = model.get("labels");
  const box = document.createElement("div");
  box.className = "kws-recorder";
  box.innerHTML = `
    <button class="kws-record" type="button">● ${labels.record}</button>
    <button class="kws-stop" type="button" disabled>■ ${labels.stop}</button>
    <div class="kws-meter"><div class="kws-meter-fill"></div></div>
    <span class="kws-elapsed">0.0 s</span>
    <div class="kws-status"></div>`;
  el.appendChild(box);
  const recordButton = box.querySelector(".kws-record");
  const stopButton = box.querySelector(".kws-stop");
  const fill = box.querySelector(".kws-meter-fill");
  const elapsed = box.querySelector(".kws-elapsed");
  const status = box.querySelector(".kws-status");
  let stream = null, context = null, node = null, pending = [], pendingLength = 0, count = 0, timer = null;

  function show(state, text) {
    status.textContent = text || "";
    status.dataset.state = state;
    box.dataset.state = state;
  }
  function flush() {
    if (!pendingLength) return;
    const chunk = new Float32Array(pendingLength);
    let offset = 0;
    for (const part of pending) { chunk.set(part, offset); offset += part.length; }
    pending = []; pendingLength = 0;
    model.send({ type: "chunk", sent_ms: Date.now() }, undefined, [chunk.buffer]);
  }
  async function stop(reason) {
    if (!context) return;
    flush();
    if (timer) clearInterval(timer);
    if (node) node.disconnect();
    if (stream) stream.getTracks().forEach((track) => track.stop());
    await context.close();
    context = null; node = null; stream = null;
    recordButton.disabled = false; stopButton.disabled = true;
    fill.style.width = "0%";
    model.send({ type: "stop", reason: reason || "button", samples: count });
    show("done", labels.done);
  }
  async function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      show("unsupported", labels.unsupported);
      model.send({ type: "error", state: "unsupported", detail: "no getUserMedia" });
      return;
    }
    recordButton.disabled = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    } catch (err) {
      recordButton.disabled = false;
      const refused = err && (err.name === "NotAllowedError" || err.name === "SecurityError");
      const absent = err && (err.name === "NotFoundError" || err.name === "OverconstrainedError");
      const state = refused ? "denied" : absent ? "absent" : "error";
      show(state, labels[state]);
      model.send({ type: "error", state, detail: String(err && err.name) });
      return;
    }
    context = new AudioContext();
    const url = URL.createObjectURL(new Blob([WORKLET], { type: "application/javascript" }));
    await context.audioWorklet.addModule(url);
    const source = context.createMediaStreamSource(stream);
    node = new AudioWorkletNode(context, "kws-capture");
    const limit = Math.round((model.get("seconds") || 0) * context.sampleRate);
    count = 0;
    model.send({ type: "start", sample_rate: context.sampleRate });
    show("recording", labels.recording);
    stopButton.disabled = false;
    const began = performance.now();
    timer = setInterval(() => { elapsed.textContent = fmt((performance.now() - began) / 1000); }, 100);
    node.port.onmessage = (event) => {
      let block = event.data;
      if (limit && count + block.length > limit) block = block.slice(0, limit - count);
      count += block.length;
      pending.push(block); pendingLength += block.length;
      let sum = 0;
      for (let i = 0; i < block.length; i++) sum += block[i] * block[i];
      const rms = Math.sqrt(sum / Math.max(block.length, 1));
      fill.style.width = Math.min(100, 300 * rms) + "%";
      if (pendingLength >= CHUNK) flush();
      if (limit && count >= limit) stop("seconds");
    };
    source.connect(node);
    // Keep the graph pulling audio without playing it back.
    const mute = context.createGain(); mute.gain.value = 0; node.connect(mute).connect(context.destination);
  }
  recordButton.addEventListener("click", start);
  stopButton.addEventListener("click", () => stop("button"));
  show(model.get("state") || "idle", labels.idle);
  if (extra) extra(box);
  return () => { stop("closed"); };
}

