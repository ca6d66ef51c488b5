// Text spacing (1.4.12): with the WCAG spacing applied, text that no longer fits its box.
if (args.action === 'apply') {
  const s = document.createElement('style');
  s.setAttribute('data-cxlint-probe', '');
  s.textContent = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
  document.head.appendChild(s);
  return true;
}
if (args.action === 'remove') {
  for (const s of document.querySelectorAll('style[data-cxlint-probe]')) s.remove();
  return true;
}
// measure: elements holding text whose content overflows a fixed box
const over = {};
for (const el of document.body ? document.body.querySelectorAll('*') : []) {
  if (['script', 'style', 'svg', 'html', 'body', 'textarea', 'select', 'option', 'pre'].includes(el.localName)) continue;
  const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!ownText && !el.matches('a, button, label, li, p, h1, h2, h3, h4, h5, h6, span, div, td, th')) continue;
  if (!norm(el.textContent)) continue;
  const cs = getComputedStyle(el);
  if (cs.display === 'inline' || cs.display === 'contents') continue;
  const dy = el.scrollHeight - el.clientHeight, dx = el.scrollWidth - el.clientWidth;
  if (dy <= 1 && dx <= 1) continue;
  if (!isVisible(el) || el.closest('[data-cxlint-probe]')) continue;
  const sel = cssPath(el);
  over[sel] = { dx, dy, clipped: cs.overflowX !== 'visible' || cs.overflowY !== 'visible' };
}
if (args.action === 'measure') return over;
return null;
