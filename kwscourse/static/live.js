// LiveClassifier: the recorder plus a live bar chart of the top scores and the current label.
function drawBars(box, labels, scores, current, latency, latencyLabel) {
  const chart = box.querySelector(".kws-bars");
  chart.innerHTML = "";
  labels.forEach((label, i) => {
    const row = document.createElement("div");
    row.className = "kws-bar-row";
    const width = Math.max(0, Math.min(100, 100 * scores[i]));
    row.innerHTML = `<span class="kws-bar-label"></span>
      <span class="kws-bar"><span class="kws-bar-fill" style="width:${width}%"></span></span>
      <span class="kws-bar-value">${scores[i].toFixed(2)}</span>`;
    row.querySelector(".kws-bar-label").textContent = label;
    chart.appendChild(row);
  });
  box.querySelector(".kws-current").textContent = current || "…";
  box.querySelector(".kws-latency").textContent = latency ? `${latencyLabel}: ${latency.toFixed(0)} ms` : "";
}

export default {
  render({ model, el }) {
    const cleanup = mountCapture(model, el, (box) => {
      const panel = document.createElement("div");
      panel.className = "kws-live";
      panel.innerHTML = `<div class="kws-current"></div><div class="kws-bars"></div><div class="kws-latency"></div>`;
      box.appendChild(panel);
      const update = () => drawBars(panel, model.get("top_labels"), model.get("top_scores"),
        model.get("current_label"), model.get("latency_ms"), model.get("labels").latency);
      model.on("change:top_scores", update);
      model.on("change:current_label", update);
      update();
    });
    return cleanup;
  },
};
