// Shared by the elements that rewrite Streamlit's English (ui/assets/streamlit_words.js,
// app_pages/data/uploader_words.js), put before each one's script: one MutationObserver per page and
// element, which runs `rewrite` now and whenever nodes are added or the watched attributes change, and
// `forget` once the element has left the page.
function rewriteOnChange(holder, { parentElement, rewrite, attributes, forget }) {
  rewrite();
  if (!holder.observer) {
    holder.observer = new MutationObserver(rewrite);
    holder.observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: attributes });
  }
  return () =>
    requestAnimationFrame(() => {
      if (parentElement.isConnected) return;
      holder.observer?.disconnect();
      holder.observer = null;
      forget();
    });
}
