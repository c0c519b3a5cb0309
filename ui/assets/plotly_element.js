// The app's one chart element (ui/plotly_element.py): a Plotly figure drawn with Plotly.react into the
// same <div> on every rerun, as Dash's dcc.Graph does, so a changed figure is an update, not a remount.
// Streamlit calls this function when the element mounts and again whenever its data or the app's
// theme change; the element's HTML (ui/plotly_element.py) stays in the page between calls.

const plotlyLoads = (window.__partnershipPlotly = window.__partnershipPlotly || new Map());
const DEFAULT_HEIGHT = 450; // Plotly's height for a figure without one (partnership/charts/base.py)

// plotly.js from this server (a static file), once per page: every chart waits for the same load.
function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyLoads.has(src)) {
    plotlyLoads.set(
      src,
      new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("plotly.js did not load")));
        script.onerror = () => {
          plotlyLoads.delete(src);
          script.remove();
          reject(new Error("plotly.js could not be fetched from " + src));
        };
        document.head.appendChild(script);
      }),
    );
  }
  return plotlyLoads.get(src);
}

// "#0e1117" or "rgb(14, 17, 23)" → relative luminance 0..1 (WCAG), or null if unreadable.
function luminance(color) {
  let rgb = null;
  const value = (color || "").trim();
  let match = value.match(/^#([0-9a-f]{6})$/i);
  if (match) rgb = [0, 2, 4].map((i) => parseInt(match[1].slice(i, i + 2), 16));
  match = match ? null : value.match(/^#([0-9a-f]{3})$/i);
  if (match) rgb = [0, 1, 2].map((i) => parseInt(match[1][i] + match[1][i], 16));
  match = rgb ? null : value.match(/^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i);
  if (match) rgb = match.slice(1, 4).map(Number);
  if (!rgb) return null;
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// The app's theme as Streamlit exposes it to components (CSS custom properties on an ancestor).
function appTheme(element) {
  const style = getComputedStyle(element);
  const background = style.getPropertyValue("--st-background-color").trim();
  const text = style.getPropertyValue("--st-text-color").trim();
  const light = luminance(background);
  return { dark: light !== null && light < 0.2, background, text };
}

// A copy of `value` with every colour string found in `swap` (lower-case keys) replaced.
function recolor(value, swap) {
  if (typeof value === "string") {
    const key = value.trim().toLowerCase();
    return Object.prototype.hasOwnProperty.call(swap, key) ? swap[key] : value;
  }
  if (Array.isArray(value)) {
    return value.length && typeof value[0] === "number" ? value : value.map((item) => recolor(item, swap));
  }
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) out[key] = recolor(item, swap);
    return out;
  }
  return value;
}

// The figure as the app shows it: as built (light) or, in a dark theme, with the light theme's
// neutral colours (background, text, grid greys) swapped for dark ones. Data colours stay.
function themed(figure, dark, theme) {
  if (!theme.dark) return figure;
  const swap = {};
  for (const [from, to] of Object.entries(dark)) {
    swap[from.toLowerCase()] = to === "background" ? theme.background || "#0e1117" : to === "text" ? theme.text || "#e6e8eb" : to;
  }
  return recolor(figure, swap);
}

// The figure's title and source footer come wrapped for a phone; layout.meta.frames holds them wrapped
// for wider charts (partnership/charts/base.py): the widest frame whose min_width the chart reaches applies;
// the narrow frame (with max_width, the last) applies below its max_width, over the phone form.
function frameFor(figure, width) {
  const frames = (figure.layout && figure.layout.meta && figure.layout.meta.frames) || [];
  let chosen = -1;
  frames.forEach((frame, index) => {
    if (frame.max_width ? width < frame.max_width : width >= frame.min_width) chosen = index;
  });
  return chosen;
}

// A copy of plain object `base` with `patch` merged in, nested objects merged key by key.
function merged(base, patch) {
  const out = { ...(base || {}) };
  for (const [key, value] of Object.entries(patch || {})) {
    const plain = value && typeof value === "object" && !Array.isArray(value);
    out[key] = plain ? merged(out[key], value) : value;
  }
  return out;
}

// A phone-wide chart (below the first frame's width) takes layout.meta.phone if the figure has one: a
// layout patch, annotations put before the footer, patches of traces by index, of the footer (e.g. a
// chart whose category labels stand above their rows instead of taking the left half of the width).
function phoneForm(figure) {
  const phone = figure.layout && figure.layout.meta && figure.layout.meta.phone;
  if (!phone) return figure;
  const layout = merged(figure.layout, phone.layout);
  const notes = (figure.layout.annotations || []).map((note) => (note.name === "source_footer" ? merged(note, phone.footer) : note));
  const footer = notes.findIndex((note) => note.name === "source_footer");
  notes.splice(footer < 0 ? notes.length : footer, 0, ...(phone.annotations || []));
  layout.annotations = notes;
  const data = (figure.data || []).map((trace, index) => merged(trace, (phone.traces || {})[index]));
  return { ...figure, data, layout };
}

function fitted(figure, index) {
  if (index < 0) return phoneForm(figure);
  const frame = figure.layout.meta.frames[index];
  if (frame.max_width) {
    // Narrower than a phone: the phone form, taller by as much as the narrower wrapping adds.
    const phone = phoneForm(figure);
    const grows = frame.height - (figure.layout.height || DEFAULT_HEIGHT);
    return withFrame(phone, { ...frame, height: (phone.layout.height || DEFAULT_HEIGHT) + grows });
  }
  return withFrame(figure, frame);
}

function withFrame(figure, frame) {
  const layout = { ...figure.layout, height: frame.height };
  layout.title = { ...layout.title, ...frame.title, pad: { ...(layout.title || {}).pad, ...frame.title.pad } };
  layout.legend = { ...layout.legend, ...frame.legend };
  layout.margin = { ...layout.margin, ...frame.margin };
  layout.annotations = (layout.annotations || []).map((note) => (note.name === "source_footer" ? { ...note, text: frame.footer } : note));
  return { ...figure, layout };
}

function draw(Plotly, plot, state) {
  if (state.drawing) {
    state.again = true; // one redraw after the current one, with the newest figure
    return;
  }
  const { figure, config, dark, theme } = state.latest;
  const base = state.shown || figure; // an explorer's figure at the reader's positions
  state.frame = frameFor(base, plot.clientWidth);
  const shown = themed(fitted(base, state.frame), dark, theme);
  plot.style.height = ((shown.layout || {}).height || state.height) + "px";
  state.drawing = true;
  Promise.resolve(Plotly.react(plot, shown.data || [], shown.layout || {}, config || {}))
    .catch((error) => console.error("chart not drawn", error))
    .finally(() => {
      state.drawing = false;
      plot.dataset.theme = theme.dark ? "dark" : "light";
      if (state.again) {
        state.again = false;
        draw(Plotly, plot, state);
      }
    });
}

// --- The explorer: sliders whose every position the server computed (partnership/charts/scenario_explorer.py) ---
// On input the chart takes the row of the position, as scenario_explorer.apply does; no arithmetic here.
// On release (pointer up, or a pause after the last key) the value goes to the server, which runs once.

// `figure` with `slider` at position `k` (scenario_explorer.apply, line for line).
function applyPosition(figure, slider, k) {
  const row = slider.rows[k];
  const [top, [bottom, height, legendY], wide] = slider.frames[k];
  const data = figure.data.slice();
  data[slider.line] = { ...data[slider.line], ...row.line };
  data[slider.crossing] = { ...data[slider.crossing], ...row.crossing };
  const layout = { ...figure.layout };
  const annotations = layout.annotations.slice();
  // A footer line given as null reads as for the previous width (scenario_explorer._sent).
  const footers = [];
  row.footer.forEach((footer, index) => footers.push(footer === null ? footers[index - 1] : footer));
  const text = footers.map((footer, index) => slider.prefix[index] + footer + slider.suffix[index]);
  annotations[annotations.length - 1] = { ...annotations[annotations.length - 1], text: text[0] };
  layout.annotations = annotations;
  layout.margin = { ...layout.margin, b: bottom };
  if (height === null) delete layout.height;
  else layout.height = height;
  layout.legend = { ...layout.legend, y: legendY };
  layout.yaxis = { ...layout.yaxis, range: [0, top] };
  const frames = layout.meta.frames.map((frame, index) => {
    const [frameHeight, frameLegend, frameBottom] = wide[index];
    const legend = { ...frame.legend, y: frameLegend };
    const margin = { ...frame.margin, b: frameBottom };
    return { ...frame, height: frameHeight, legend, margin, footer: text[index + 1] };
  });
  layout.meta = { ...layout.meta, frames };
  return { data, layout };
}

// Plotly text (escaped HTML, <br>) as plain text, for the live region; DOMParser runs no script.
function plainText(text) {
  const html = String(text).replace(/<br>/g, " ");
  return (new DOMParser().parseFromString(html, "text/html").body.textContent || "").replace(/\s+/g, " ").trim();
}

// What is drawn for the positions `local` (slot → row index): the server's figure with each moved slider applied.
function explored(state) {
  let figure = state.latest.figure;
  for (const slider of state.explorer.sliders) {
    const k = state.local[slider.slot];
    if (k !== slider.k) figure = applyPosition(figure, slider, k);
  }
  return figure;
}

function positionsKey(state) {
  return state.explorer.basis + JSON.stringify(state.explorer.sliders.map((slider) => state.local[slider.slot]));
}

function showValue(control, slider, k) {
  const row = slider.rows[k];
  control.input.setAttribute("aria-valuetext", row.text);
  control.output.textContent = row.text;
}

function commit(state, slider) {
  const control = state.controls.get(slider.slot);
  clearTimeout(control.timer);
  control.timer = null;
  control.pending = false;
  const k = state.local[slider.slot];
  if (k === control.committed) return;
  control.committed = k;
  state.live.textContent = plainText(slider.rows[k].footer[0]); // the phone form: never null
  state.setTriggerValue("commit", { index: slider.index, value: slider.rows[k].value });
}

// The sliders, built once per set of slots and labels; their positions follow the server's data unless the reader holds one.
function buildControls(root, state, plot) {
  const layoutKey = JSON.stringify(state.explorer.sliders.map((slider) => [slider.slot, slider.label, slider.rows.length]));
  if (state.controlsKey === layoutKey) return;
  state.controlsKey = layoutKey;
  state.controls = new Map();
  root.replaceChildren();
  for (const slider of state.explorer.sliders) {
    const wrap = document.createElement("div");
    wrap.className = "pm-slider";
    const id = `${state.id}-growth${slider.index}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = slider.label;
    const row = document.createElement("div");
    row.className = "pm-slider-row";
    const input = document.createElement("input");
    Object.assign(input, { type: "range", id, min: "0", max: String(slider.rows.length - 1), step: "1" });
    input.dataset.index = String(slider.index);
    const output = document.createElement("output");
    output.htmlFor = id;
    row.append(input, output);
    wrap.append(label, row);
    root.append(wrap);
    const control = { input, output, held: false, pending: false, timer: null, committed: slider.k };
    state.controls.set(slider.slot, control);
    const current = () => state.explorer.sliders.find((item) => item.slot === slider.slot);
    input.addEventListener("pointerdown", () => (control.held = true));
    input.addEventListener("input", () => {
      // Another slider's unsent move goes first: each row assumes the others as the server has them.
      for (const other of state.explorer.sliders) {
        const held = state.controls.get(other.slot);
        if (other.slot !== slider.slot && held && held.pending) commit(state, other);
      }
      const k = input.valueAsNumber;
      state.local[slider.slot] = k;
      showValue(control, current(), k);
      control.pending = true;
      // Drawn now, before the next frame is painted; a draw still under way takes the newest position next.
      state.shown = explored(state);
      state.shownKey = positionsKey(state);
      if (state.Plotly) draw(state.Plotly, plot, state);
    });
    // A pointer's release commits at once; a key press after a pause (arrows held down send one value).
    input.addEventListener("change", () => {
      if (control.held) {
        control.held = false;
        commit(state, current());
      } else {
        clearTimeout(control.timer);
        control.timer = setTimeout(() => commit(state, current()), state.explorer.key_delay_ms);
      }
    });
    input.addEventListener("pointerup", () => {
      if (control.held && control.pending) commit(state, current());
      control.held = false;
    });
    input.addEventListener("blur", () => control.pending && commit(state, current()));
  }
}

// New data from the server: its positions, unless the reader is holding or about to send a slider.
function syncControls(state) {
  for (const slider of state.explorer.sliders) {
    const control = state.controls.get(slider.slot);
    const mine = control.held || control.pending;
    if (!mine || state.local[slider.slot] === undefined) state.local[slider.slot] = slider.k;
    if (!mine) control.committed = slider.k;
    control.input.value = String(state.local[slider.slot]);
    showValue(control, slider, state.local[slider.slot]);
  }
}

export default function ({ data, parentElement, setTriggerValue, key }) {
  installMenuKeys(); // assets/menu_keys.js, prepended to this module
  const box = parentElement.querySelector(".pm-chart");
  const plot = parentElement.querySelector(".pm-plot");
  if (!box || !plot || !data) return;
  const figure = JSON.parse(data.figure);
  box.setAttribute("aria-label", data.label || "");
  const state = (plot.__partnership = plot.__partnership || {});
  const theme = appTheme(parentElement);
  const before = state.latest;
  state.latest = { figure, config: data.config, dark: data.dark || {}, theme };
  state.height = data.height;
  state.shown = null;
  let unchanged = false;
  const controls = parentElement.querySelector(".pm-controls");
  if (data.explorer && controls) {
    state.id = state.id || `pm-${key || Math.random().toString(36).slice(2)}`;
    state.explorer = data.explorer;
    state.local = state.local || {};
    state.live = parentElement.querySelector(".pm-live");
    state.setTriggerValue = setTriggerValue; // the newest: it carries the fragment the element is in now
    buildControls(controls, state, plot);
    syncControls(state);
    state.shown = explored(state);
    const shownKey = positionsKey(state);
    // The run after a release sends the figure the reader already sees: not drawn a second time.
    unchanged = before && state.shownKey === shownKey && before.theme.dark === theme.dark && plot.data;
    state.shownKey = shownKey;
  }
  if (!plot.style.height) plot.style.height = ((figure.layout || {}).height || data.height) + "px";
  loadPlotly(new URL(data.src, document.baseURI).href).then(
    (Plotly) => {
      box.querySelector(".pm-error")?.remove();
      if (!state.observer) {
        // The container's width changes without a window resize (sidebar, columns, phone rotation).
        // A chart in a hidden tab, or one Streamlit has just taken out of the page, has no box: plotly.js
        // refuses to resize it (a rejected promise); the observer fires again once it is shown.
        // A width that calls for other line lengths draws the figure again with them.
        state.observer = new ResizeObserver(() => {
          if (!plot.data || !plot.isConnected || plot.getClientRects().length === 0) return;
          if (frameFor(state.latest.figure, plot.clientWidth) !== state.frame) draw(Plotly, plot, state);
          else Plotly.Plots.resize(plot).catch(() => {});
        });
        state.observer.observe(plot);
      }
      state.Plotly = Plotly;
      if (!unchanged) draw(Plotly, plot, state);
    },
    (error) => {
      if (!box.querySelector(".pm-error")) {
        const message = document.createElement("p");
        message.className = "pm-error";
        message.setAttribute("role", "alert");
        message.textContent = data.unavailable || String(error);
        box.prepend(message);
      }
    },
  );
  // Streamlit calls this when the element is removed, and also when a newer call superseded this one
  // before it ran: only a chart that left the page is taken down.
  return () =>
    setTimeout(() => {
      if (parentElement.isConnected) return;
      state.observer?.disconnect();
      window.Plotly?.purge(plot);
    }, 0);
}
