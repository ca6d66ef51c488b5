// Reflow (1.4.10) at a narrow viewport: content that sticks out to the right and so needs
// horizontal scrolling (or is cut off). Two-dimensional content is exempt.
const vw = document.documentElement.clientWidth;
const root = document.scrollingElement || document.documentElement;
const scrolls = root.scrollWidth > vw + 1;
// 1.4.10 exempts content that needs two dimensions for its meaning: images, maps, diagrams,
// video, data tables, code. A layout box around them is not exempt.
const EXEMPT = 'table, pre, code, img, picture, input[type=image], video, audio, canvas, iframe, object, embed, svg, math, map, [role=img], [role=grid], [role=table], [role=toolbar], [role=application], [data-cxlint-2d]';
function scrollsX(el) {
  for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
    const ox = getComputedStyle(a).overflowX;
    if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
  }
  return false;
}
const out = [];
const culprits = [];
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
  culprits.push(el);
}
// A scroll box that fits the viewport but whose own content is wider still makes the reader
// scroll sideways to read each line: report the box, unless what scrolls is 2-D content.
const boxes = [];
for (const el of document.body ? document.body.querySelectorAll('*') : []) {
  if (boxes.length + out.length >= args.max) break;
  const ox = getComputedStyle(el).overflowX;
  if (ox !== 'auto' && ox !== 'scroll') continue;
  if (el.scrollWidth <= el.clientWidth + 1 || el.closest(EXEMPT) || !isVisible(el)) continue;
  if (culprits.some((c) => c.contains(el)) || boxes.some((b) => b.el.contains(el))) continue;
  const r = el.getBoundingClientRect();
  const wide = Array.from(el.querySelectorAll('*')).filter((c) => {
    const cr = c.getBoundingClientRect();
    return cr.width > 0 && cr.height > 0 && cr.right > r.right + 1 && !c.closest(EXEMPT)
      && norm(c.textContent).length > 0 && (!c.parentElement || c.parentElement === el || c.parentElement.getBoundingClientRect().right <= r.right + 1);
  });
  if (!wide.length) continue;
  boxes.push({ el, h: describe(el, { data: { right_px: Math.round(r.left + el.scrollWidth), viewport_px: vw,
    width_px: Math.round(el.scrollWidth), scroll_box: true } }) });
}
return { scrolls, scroll_width: root.scrollWidth, viewport: vw, hits: out.concat(boxes.map((b) => b.h)) };
