// Reflow (1.4.10) at a narrow viewport: content that sticks out to the right and so needs
// horizontal scrolling (or is cut off). Two-dimensional content is exempt.
const vw = document.documentElement.clientWidth;
const root = document.scrollingElement || document.documentElement;
const scrolls = root.scrollWidth > vw + 1;
const EXEMPT = 'table, pre, code, video, canvas, iframe, object, embed, svg, math, [role=grid], [role=table], [role=toolbar], [role=application], [data-cxlint-2d]';
function scrollsX(el) {
  for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
    const ox = getComputedStyle(a).overflowX;
    if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
  }
  return false;
}
const out = [];
for (const el of document.body ? document.body.querySelectorAll('*') : []) {
  if (out.length >= args.max) break;
  if (['script', 'style', 'br', 'wbr'].includes(el.localName)) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || r.right <= vw + 1) continue;
  if (r.left + window.scrollX >= vw) continue;  // parked entirely off to the right: not content
  if (el.closest(EXEMPT) || scrollsX(el) || !isVisible(el)) continue;
  // Report the outermost culprit only: its parent fits.
  const p = el.parentElement;
  if (p && p !== document.body && p.getBoundingClientRect().right > vw + 1 && !p.closest(EXEMPT) && isVisible(p)) continue;
  const hasContent = norm(el.textContent).length > 0 || ['img', 'input', 'select', 'textarea', 'button'].includes(el.localName);
  if (!hasContent) continue;
  out.push(describe(el, { data: { right_px: Math.round(r.right), viewport_px: vw, width_px: Math.round(r.width) } }));
}
return { scrolls, scroll_width: root.scrollWidth, viewport: vw, hits: out };
