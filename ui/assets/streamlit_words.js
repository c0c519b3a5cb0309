// Streamlit's own English words on every page, in the page's language (ui/streamlit_words.py beside it).
// `data.labels` maps an English accessible name to the catalog's, `data.help_for` is "…{label}…" for a help
// icon, `data.months` maps English month names to the language's. One observer per page (rewriter.js, put
// before this script); its rewrites are coalesced into one pass per animation frame.

let words = null;
let pending = false;

const HELP_FOR = "Help for ";
const ICON = /^[a-z0-9_]+ icon$/;

function label(node) {
  const name = node.getAttribute("aria-label");
  if (Object.hasOwn(words.labels, name)) return words.labels[name];
  if (name.startsWith(HELP_FOR)) return words.help_for.split("{label}").join(name.slice(HELP_FOR.length));
  return null;
}

function translate() {
  pending = false;
  if (!words) return;
  for (const node of document.querySelectorAll("[aria-label]")) {
    if (ICON.test(node.getAttribute("aria-label"))) {
      // A Material icon beside a label's words ("flag icon"): the words say it; the icon is not read.
      node.removeAttribute("aria-label");
      node.setAttribute("aria-hidden", "true");
      continue;
    }
    const next = label(node);
    if (next && next !== node.getAttribute("aria-label")) node.setAttribute("aria-label", next);
  }
  for (const node of document.querySelectorAll("[aria-valuetext]")) {
    const text = node.getAttribute("aria-valuetext");
    const next = text.replace(/[A-Z][a-z]+/g, (word) => (Object.hasOwn(words.months, word) ? words.months[word] : word));
    if (next !== text) node.setAttribute("aria-valuetext", next);
  }
}

function schedule() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(translate);
}

const holder = { observer: null };

export default function ({ data, parentElement }) {
  words = data;
  translate();
  return rewriteOnChange(holder, {
    parentElement,
    rewrite: schedule,
    attributes: ["aria-label", "aria-valuetext"],
    forget: () => (words = null),
  });
}
