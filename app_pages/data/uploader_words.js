// The file uploader's screen-reader labels and drag-over text in the page's language (uploader_words.py beside it).
// Streamlit 1.67 writes them in English in its JavaScript ("Remove trade.csv", "Drag and drop a file here")
// and CSS cannot reach an aria-label, so an observer rewrites each English text it meets, and again when
// React writes it back (a chip goes from "Cancel upload of …" to "Remove …" when its upload ends).
// `data.words` are the catalog's texts; `{file}` stands for the file's name. One observer per page
// (ui/assets/rewriter.js, put before this script).

const DROPZONE = '[data-testid="stFileUploaderDropzone"]';
const CHIP = '[data-testid="stFileChip"]';
const DRAG_TEXTS = { "Drag and drop a file here": "drop_file", "Drag and drop files here": "drop_files" };
// A file the uploader refuses before sending it: Streamlit's sentence → [catalog key, the part it names].
const REFUSALS = [
  [/^File must be .+ or smaller\.$/, "too_large"],
  [/^(.+) files are not allowed\.$/, "wrong_type"],
];

let words = null;

function fileName(chip) {
  return chip.querySelector('[data-testid="stFileChipName"]')?.getAttribute("title") || "";
}

function withFile(text, name) {
  return text.split("{file}").join(name);
}

function setAttribute(node, name, value) {
  if (value && node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function translateChip(chip) {
  const name = fileName(chip);
  if (!name) return;
  // The chip reads as its name: the size after it is English ("21.9KB") and hidden on the page too.
  if (chip.getAttribute("aria-label")?.startsWith(`${name}, `)) setAttribute(chip, "aria-label", name);
  if (chip.getAttribute("title") === "Click to retry upload") setAttribute(chip, "title", words.retry);
  const button = chip.querySelector('[data-testid="stFileChipDeleteBtn"] button');
  const label = button?.getAttribute("aria-label");
  if (label === `Remove ${name}`) setAttribute(button, "aria-label", withFile(words.remove, name));
  else if (label === `Cancel upload of ${name}`) setAttribute(button, "aria-label", withFile(words.cancel, name));
  for (const alert of chip.querySelectorAll('[role="alert"]')) {
    translateText(alert, { "Error: ": "", "Upload failed": words.failed });
    translateRefusal(alert);
  }
}

function translateRefusal(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const [pattern, key] of REFUSALS) {
      const match = node.data.match(pattern);
      if (match) node.data = words[key].split("{type}").join(match[1] || "");
    }
  }
}

// Text nodes under `root` whose whole text is a key of `texts`, rewritten to its value.
function translateText(root, texts) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (Object.hasOwn(texts, node.data) && node.data !== texts[node.data]) node.data = texts[node.data];
  }
}

function translate() {
  if (!words) return;
  for (const chip of document.querySelectorAll(CHIP)) translateChip(chip);
  for (const button of document.querySelectorAll('[aria-label="Add files"]')) setAttribute(button, "aria-label", words.add_files);
  const drag = Object.fromEntries(Object.entries(DRAG_TEXTS).map(([english, key]) => [english, words[key]]));
  for (const zone of document.querySelectorAll(DROPZONE)) translateText(zone, drag);
  // A refused chip's tooltip, shown on hover in a layer of its own.
  for (const tip of document.querySelectorAll('[data-testid="stTooltipErrorContent"]')) translateRefusal(tip);
}

const holder = { observer: null };

export default function ({ data, parentElement }) {
  words = data.words;
  return rewriteOnChange(holder, {
    parentElement,
    rewrite: translate,
    attributes: ["aria-label", "title"],
    forget: () => (words = null),
  });
}
