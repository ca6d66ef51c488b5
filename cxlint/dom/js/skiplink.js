// Where does sequential focus navigation start? Put a temporary, unfocusable-by-Tab
// anchor at the top of the body and focus it; the next Tab goes to the first stop.
if (args.action === 'start') {
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  window.scrollTo(0, 0);
  const a = document.createElement('span');
  a.tabIndex = -1;
  a.setAttribute('data-cxlint-probe', '');
  document.body.insertBefore(a, document.body.firstChild);
  a.focus({ preventScroll: true });
  return true;
}
if (args.action === 'cleanup') {
  for (const p of document.querySelectorAll('[data-cxlint-probe]')) p.remove();
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  window.scrollTo(0, 0);
  return true;
}
if (args.action === 'active') {
  const el = document.activeElement;
  if (!el || el === document.body || el.hasAttribute('data-cxlint-probe')) return null;
  const href = el.getAttribute('href') || '';
  let target = null;
  let targetSel = null;
  if (href.startsWith('#') && href.length > 1) {
    const id = decodeURIComponent(href.slice(1));
    target = document.getElementById(id) || document.querySelector(`a[name="${cssIdent(id)}"]`);
    targetSel = target ? cssPath(target) : null;
  }
  const main = document.querySelector('main, [role=main]') || document.querySelector('h1');
  return Object.assign(describe(el), { name: accName(el), href, target: targetSel, mainSel: main ? cssPath(main) : null,
    isLink: el.localName === 'a' });
}
if (args.action === 'count-before-main') {
  const main = document.querySelector('main, [role=main]') || document.querySelector('h1');
  if (!main) return -1;
  return Array.from(document.querySelectorAll(FOCUSABLE_SELECTOR)).filter((el) => isTabbable(el)
    && (el.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING) && !main.contains(el)).length;
}
if (args.action === 'landed') {
  // After activating the skip link: is focus (or the next Tab stop) at or after the target?
  const target = document.querySelector(args.target);
  const el = document.activeElement;
  if (!target) return false;
  if (el && el !== document.body && (target === el || target.contains(el) || (target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))) return true;
  return false;
}
if (args.action === 'landed-back') {
  // When nothing tabbable follows the target, Tab after the skip link leaves the page; instead,
  // Shift+Tab from the new focus start point must reach the last Tab stop before the target.
  const target = document.querySelector(args.target);
  if (!target) return false;
  const tabbable = Array.from(document.querySelectorAll(FOCUSABLE_SELECTOR)).filter((e) => isTabbable(e));
  const after = tabbable.filter((e) => target.contains(e) || (target.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
  if (after.length) return false;
  const before = tabbable.filter((e) => e.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
  return before.length > 0 && document.activeElement === before[before.length - 1];
}
return null;
