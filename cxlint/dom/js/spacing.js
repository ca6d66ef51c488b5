// Text spacing (1.4.12): with the WCAG spacing applied, text that no longer fits its box.
if (args.action === 'apply') {
  const s = document.createElement('style');
  s.setAttribute('data-cxlint-probe', '');
  s.textContent = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
  document.head.appendChild(s);
  return true;
}
// Text-only zoom (1.4.4): every element gets twice the font size (and line height) it has
// now, as inline !important styles, so boxes sized in px stay put while the text grows.
if (args.action === 'zoom') {
  const els = document.body ? [document.body, ...document.body.querySelectorAll('*')] : [];
  const plan = [];
  for (const el of els) {
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') continue;
    const cs = getComputedStyle(el);
    const lh = parseFloat(cs.lineHeight);
    plan.push([el, parseFloat(cs.fontSize) * args.factor, cs.lineHeight === 'normal' || !lh ? null : lh * args.factor]);
  }
  const saved = [];
  for (const [el, fs, lh] of plan) {
    const st = el.style;
    saved.push([el, st.getPropertyValue('font-size'), st.getPropertyPriority('font-size'),
      st.getPropertyValue('line-height'), st.getPropertyPriority('line-height'), el.hasAttribute('style')]);
    st.setProperty('font-size', `${fs}px`, 'important');
    if (lh) st.setProperty('line-height', `${lh}px`, 'important');
  }
  Object.defineProperty(window, '__cxlintZoom', { value: saved, configurable: true, enumerable: false, writable: true });
  return plan.length;
}
if (args.action === 'unzoom') {
  for (const [el, fs, fsp, lh, lhp, had] of window.__cxlintZoom || []) {
    const st = el.style;
    if (fs) st.setProperty('font-size', fs, fsp); else st.removeProperty('font-size');
    if (lh) st.setProperty('line-height', lh, lhp); else st.removeProperty('line-height');
    if (!had && !el.getAttribute('style')) el.removeAttribute('style');
  }
  delete window.__cxlintZoom;
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
  over[sel] = { dx, dy, clipped: cs.overflowX !== 'visible' || cs.overflowY !== 'visible',
    hidden: ['hidden', 'clip'].includes(cs.overflowX) || ['hidden', 'clip'].includes(cs.overflowY) };
}
if (args.action === 'measure') return over;
return null;
