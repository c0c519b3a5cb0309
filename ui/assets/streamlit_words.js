// Streamlit's own English words on every page, in the page's language (ui/streamlit_words.py beside it).
// `data.labels` maps an English accessible name to the catalog's, `data.help_for` is "…{label}…" for a help
// icon, `data.months` maps English month names to the language's, `data.download_errors` are the reasons
// Streamlit shows under a download button whose file failed, each replaced by `data.download_failed`. One
// observer per page (rewriter.js, put before this script); its rewrites are coalesced into one pass per
// animation frame.

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

function downloadErrors() {
  // The reason is a text node inside React's element: its value is changed, the node is kept.
  for (const box of document.querySelectorAll('[data-testid="stDownloadButtonError"]')) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (words.download_errors.includes(node.nodeValue.trim())) node.nodeValue = words.download_failed;
    }
  }
}

function translate() {
  pending = false;
  if (!words) return;
  downloadErrors();
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
