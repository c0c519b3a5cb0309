// Keyboard in the Download menus (st.popover, ui/export_menu.py). Streamlit 1.67 draws an open popover's
// body in a portal at the end of the page and leaves the focus on its button, so Tab went through the rest
// of the page before it reached the menu, and the arrow keys did nothing. Installed once per page by the
// chart element (every menu belongs to a chart): opening a menu moves the focus to its first item; in an
// open menu Tab and Shift+Tab cycle through its items and the arrow keys, Home and End move between them.
// Escape stays Streamlit's: it closes the menu and gives the focus back to the menu's button.

const MENU = '[data-testid="stPopoverBody"]';
const ITEMS = 'button:not([disabled]), a[href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

function menuItems(menu) {
  return [...menu.querySelectorAll(ITEMS)].filter((item) => item.getClientRects().length > 0);
}

// The open menu of a popover button: Streamlit renders one popover body at a time.
function openMenu() {
  return document.querySelector(MENU);
}

// After a popover button is pressed (click, Enter or Space): focus the menu's first item once it is drawn.
function focusWhenOpen(button, framesLeft) {
  const menu = button.getAttribute("aria-expanded") === "true" ? openMenu() : null;
  const first = menu && menuItems(menu)[0];
  if (first) first.focus();
  else if (framesLeft > 0) requestAnimationFrame(() => focusWhenOpen(button, framesLeft - 1));
}

function onClick(event) {
  const button = event.target instanceof Element && event.target.closest('[data-testid="stPopoverButton"]');
  if (button) requestAnimationFrame(() => focusWhenOpen(button, 60));
}

const MOVES = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

function onKeydown(event) {
  const menu = openMenu();
  if (!menu || event.altKey || event.ctrlKey || event.metaKey) return;
  const items = menuItems(menu);
  if (!items.length) return;
  const active = document.activeElement;
  const inside = menu.contains(active);
  const onButton = active && active.matches && active.matches('[data-testid="stPopoverButton"][aria-expanded="true"]');
  if (!inside && !(onButton && event.key === "Tab")) return;
  let next = null;
  const at = items.indexOf(active);
  if (event.key === "Tab") next = onButton ? items[0] : items[(at + (event.shiftKey ? -1 : 1) + items.length) % items.length];
  else if (event.key in MOVES) next = items[(at + MOVES[event.key] + items.length) % items.length];
  else if (event.key === "Home") next = items[0];
  else if (event.key === "End") next = items[items.length - 1];
  if (!next) return;
  event.preventDefault();
  event.stopPropagation();
  next.focus();
}

function installMenuKeys() {
  if (window.__partnershipMenuKeys) return;
  window.__partnershipMenuKeys = true;
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKeydown, true);
}
