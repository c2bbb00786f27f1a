// kwscourse export web: MediaPipe Tasks' AudioClassifier on the microphone, live, and on a dropped WAV file.
//
// The model hears windows of config.windowSamples samples at config.sampleRate Hz. The microphone is
// cut into such windows every config.hopSamples samples (half a window); a file is classified on its
// loudest window, as kwscourse's ExportedClassifier does in Python. Everything the page knows is
// also in window.kwscourse, for tests and for the curious (open the browser's console); its times
// (readyMs, listeningMs, firstResultMs) are milliseconds since the page started loading.
import { AudioClassifier, FilesetResolver } from "./mediapipe/audio_bundle.mjs";

const config = JSON.parse(document.getElementById("kws-config").textContent);
const $ = (id) => document.getElementById(id);
const KEEP = 1000; // results and latencies kept in window.kwscourse (8 minutes of 0.5-s hops)

const kws = (window.kwscourse = {
  ready: false, error: null, lang: config.lang, modelName: config.modelName, labels: [],
  sampleRate: config.sampleRate, windowSamples: config.windowSamples, hopSamples: config.hopSamples,
  mic: "starting", contextRate: null, readyMs: null, listeningMs: null, firstResultMs: null,
  results: [], windowLatencyMs: [], fileResult: null,
});

function say(name, fields = {}) {
  let text = config.texts[name];
  for (const [key, value] of Object.entries(fields)) text = text.split(`{${key}}`).join(String(value));
  return text;
}

function setStatus(element, state, text) {
  element.dataset.state = state;
  element.textContent = text;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function keep(list, value) {
  list.push(value);
  if (list.length > KEEP) list.shift();
}

// --- the classifier ------------------------------------------------------------------------------

let classifier = null;

function classify(samples) {
  const categories = classifier.classify(samples, config.sampleRate)[0].classifications[0].categories;
  const count = Math.max(kws.labels.length, ...categories.map((c) => c.index + 1));
  const scores = new Array(count).fill(0);
  const labels = kws.labels.length ? kws.labels : new Array(count).fill("");
  for (const c of categories) {
    scores[c.index] = c.score;
    if (!kws.labels.length) labels[c.index] = c.categoryName || c.displayName || String(c.index);
  }
  let topIndex = 0;
  scores.forEach((score, i) => { if (score > scores[topIndex]) topIndex = i; });
  return { labels, scores, topIndex, top: labels[topIndex], score: scores[topIndex] };
}

async function loadClassifier() {
  const fileset = await FilesetResolver.forAudioTasks(new URL(config.wasmBase, document.baseURI).href);
  classifier = await AudioClassifier.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: new URL(config.modelUrl, document.baseURI).href },
  });
  classifier.setDefaultSampleRate(config.sampleRate);
  kws.labels = classify(new Float32Array(config.windowSamples)).labels; // a warm-up, which names the labels
}

// --- bars ----------------------------------------------------------------------------------------

function makeBars(box, labels) {
  box.replaceChildren(...labels.map((label) => {
    const row = document.createElement("div");
    row.className = "kws-bar-row";
    row.dataset.label = label;
    const name = document.createElement("span");
    name.className = "kws-bar-label";
    name.textContent = label;
    const bar = document.createElement("span");
    bar.className = "kws-bar";
    const fill = document.createElement("span");
    fill.className = "kws-bar-fill";
    bar.append(fill);
    const value = document.createElement("span");
    value.className = "kws-bar-value";
    value.textContent = "0.00";
    row.append(name, bar, value);
    return row;
  }));
}

function showScores(prefix, result) {
  $(`${prefix}-bars`).querySelectorAll(".kws-bar-row").forEach((row, i) => {
    const score = result.scores[i] || 0;
    row.querySelector(".kws-bar-fill").style.width = `${(100 * Math.min(1, Math.max(0, score))).toFixed(1)}%`;
    row.querySelector(".kws-bar-value").textContent = score.toFixed(2);
    row.classList.toggle("kws-winner", i === result.topIndex);
  });
  setStatus($(`${prefix}-top`), "shown", result.top);
  $(`${prefix}-score`).textContent = result.score.toFixed(2);
}

// --- audio at the model's rate ---------------------------------------------------------------------

function fitLength(samples, length) {
  if (samples.length === length) return samples;
  const out = new Float32Array(length);
  out.set(samples.subarray(0, length));
  return out;
}

async function toModelRate(samples, rate) {
  if (rate === config.sampleRate) return samples;
  const frames = Math.round((samples.length * config.sampleRate) / rate);
  const offline = new OfflineAudioContext(1, frames, config.sampleRate);
  const buffer = offline.createBuffer(1, samples.length, rate);
  buffer.copyToChannel(samples, 0);
  const source = offline.createBufferSource();
  source.buffer = buffer;
  source.connect(offline.destination);
  source.start();
  return (await offline.startRendering()).getChannelData(0);
}

function mixDown(buffer) {
  const mono = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / buffer.numberOfChannels;
  }
  return mono;
}

// The window of `length` samples with the most energy (zero-padded when the audio is shorter),
// the first one on a tie: kwscourse.audio.loudest_window.
function loudestWindow(samples, length) {
  if (samples.length <= length) return fitLength(samples, length);
  const energy = new Float64Array(samples.length + 1);
  for (let i = 0; i < samples.length; i++) energy[i + 1] = energy[i] + samples[i] * samples[i];
  let best = 0;
  for (let start = 1; start + length <= samples.length; start++) {
    if (energy[start + length] - energy[start] > energy[best + length] - energy[best]) best = start;
  }
  return samples.slice(best, best + length);
}

// --- the microphone --------------------------------------------------------------------------------

class WindowCutter {
  constructor(length, hop) {
    Object.assign(this, { length, hop, buffer: new Float32Array(0), offset: 0 });
  }

  push(block) {
    const joined = new Float32Array(this.buffer.length + block.length);
    joined.set(this.buffer);
    joined.set(block, this.buffer.length);
    this.buffer = joined;
    const windows = [];
    while (this.buffer.length >= this.length) {
      windows.push({ start: this.offset, samples: this.buffer.slice(0, this.length) });
      this.buffer = this.buffer.slice(this.hop);
      this.offset += this.hop;
    }
    return windows;
  }
}

let audio = null; // {stream, context, source, node}: kept here so that nothing is collected while in use
let queue = Promise.resolve();

async function classifyWindow(window, rate) {
  if (!kws.ready) return; // the model is still loading: this window is skipped
  const started = performance.now();
  const result = classify(fitLength(await toModelRate(window.samples, rate), config.windowSamples));
  result.latencyMs = performance.now() - started;
  result.timeS = window.start / rate;
  delete result.labels;
  keep(kws.results, result);
  keep(kws.windowLatencyMs, result.latencyMs);
  if (kws.firstResultMs === null) kws.firstResultMs = performance.now();
  showScores("kws-live", result);
  const recent = kws.windowLatencyMs.slice(-20);
  $("kws-live-latency").textContent = say("latency", { ms: median(recent).toFixed(1), count: recent.length });
}

async function openAudio(stream) {
  // First at the model's rate (the browser resamples the microphone); where a browser cannot
  // connect a microphone to a context of another rate, at its own rate and resampled per window.
  // The address's ?native-rate takes the second way at once (to check it in any browser).
  const native = new URLSearchParams(window.location.search).has("native-rate");
  for (const options of native ? [{}] : [{ sampleRate: config.sampleRate }, {}]) {
    let context = null;
    try {
      context = new AudioContext(options);
      const source = context.createMediaStreamSource(stream);
      await context.audioWorklet.addModule(new URL("kws-capture.js", document.baseURI).href);
      const node = new AudioWorkletNode(context, "kws-capture", { numberOfOutputs: 1, outputChannelCount: [1] });
      source.connect(node);
      node.connect(context.destination);
      return { stream, context, source, node };
    } catch (err) {
      if (context) context.close();
      if (!options.sampleRate) throw err;
    }
  }
}

function showMicState() {
  const running = audio.context.state === "running";
  kws.mic = running ? "listening" : "paused";
  if (running && kws.listeningMs === null) kws.listeningMs = performance.now();
  setStatus($("kws-mic"), kws.mic, say(running ? "mic_listening" : "mic_paused"));
  $("kws-toggle").textContent = say(running ? "stop" : "start");
  $("kws-toggle").hidden = false;
}

async function startMicrophone() {
  const mic = $("kws-mic");
  if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    kws.mic = "insecure";
    setStatus(mic, kws.mic, say("mic_insecure"));
    return;
  }
  kws.mic = "asking";
  setStatus(mic, kws.mic, say("mic_asking"));
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (err) {
    const refused = ["NotAllowedError", "SecurityError", "PermissionDeniedError"].includes(err && err.name);
    kws.mic = refused ? "denied" : "missing";
    setStatus(mic, kws.mic, refused ? say("mic_denied") : say("mic_missing", { detail: (err && err.name) || err }));
    return;
  }
  try {
    audio = await openAudio(stream);
  } catch (err) {
    kws.mic = "missing";
    setStatus(mic, kws.mic, say("mic_missing", { detail: (err && err.message) || err }));
    return;
  }
  const rate = audio.context.sampleRate;
  kws.contextRate = rate;
  const length = Math.round((config.windowSamples * rate) / config.sampleRate);
  const cutter = new WindowCutter(length, Math.max(1, Math.round(length * config.hopSamples / config.windowSamples)));
  audio.node.port.onmessage = (event) => {
    for (const window of cutter.push(event.data)) {
      queue = queue.then(() => classifyWindow(window, rate)).catch((err) => {
        kws.error = String((err && err.message) || err); // one bad window does not stop the next ones
      });
    }
  };
  audio.context.onstatechange = showMicState;
  showMicState(); // a browser that wants a click first starts "paused": the button then says Start
}

$("kws-toggle").addEventListener("click", async () => {
  if (!audio) return;
  await (audio.context.state === "running" ? audio.context.suspend() : audio.context.resume());
  showMicState();
});

// --- a file ---------------------------------------------------------------------------------------

async function classifyFile(file) {
  const status = $("kws-file-status");
  try {
    await loading;
  } catch (err) {
    return; // the page already says why the model could not be loaded
  }
  let samples;
  try {
    // Decoded straight to the model's rate: the browser resamples any other.
    const decoded = await new OfflineAudioContext(1, 1, config.sampleRate).decodeAudioData(await file.arrayBuffer());
    samples = mixDown(decoded);
  } catch (err) {
    kws.fileResult = { name: file.name, error: String((err && err.message) || err) };
    setStatus(status, "error", say("file_unreadable", { file: file.name, detail: kws.fileResult.error }));
    return;
  }
  const started = performance.now();
  const result = classify(loudestWindow(samples, config.windowSamples));
  Object.assign(result, { name: file.name, seconds: samples.length / config.sampleRate,
                          latencyMs: performance.now() - started });
  kws.fileResult = result;
  setStatus(status, "done", say("file_result", { file: file.name, seconds: result.seconds.toFixed(2),
                                                 window: +(config.windowSamples / config.sampleRate).toFixed(2) }));
  showScores("kws-file", result);
}

const drop = $("kws-drop");
for (const type of ["dragenter", "dragover"]) {
  drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.add("kws-dragging"); });
}
for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("kws-dragging"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  const file = event.dataTransfer && event.dataTransfer.files[0];
  if (file) classifyFile(file);
});
// A file dropped beside the box is not opened by the browser in place of the page.
for (const type of ["dragover", "drop"]) window.addEventListener(type, (event) => event.preventDefault());
$("kws-file-input").addEventListener("change", (event) => {
  const file = event.target.files[0];
  if (file) classifyFile(file);
});

// --- start ----------------------------------------------------------------------------------------

const loading = loadClassifier().then(() => {
  kws.ready = true;
  kws.readyMs = performance.now();
  setStatus($("kws-status"), "ready", say("ready", { count: kws.labels.length }));
  makeBars($("kws-live-bars"), kws.labels);
  makeBars($("kws-file-bars"), kws.labels);
}, (err) => {
  kws.error = String((err && err.message) || err);
  setStatus($("kws-status"), "error", say("load_failed", { detail: kws.error }));
  throw err;
});
loading.catch(() => {}); // reported on the page; files wait on it too
startMicrophone();
