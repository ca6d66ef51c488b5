// Target size (2.5.8): interactive targets under 24 by 24 CSS px whose 24 px circle
// intersects another target (the spacing exception), inline links in text exempt.
const SEL = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=menuitem], [role=switch], [onclick]';
const min = args.min;
const targets = [];
for (const el of document.querySelectorAll(SEL)) {
  if (targets.length >= 2000) break;
  if (el.parentElement && el.parentElement.closest(SEL)) continue;  // a target inside a target counts once
  if (!isVisible(el)) continue;
  const r = el.getBoundingClientRect();
  targets.push({ el, r });
}
function inlineInText(el) {
  const cs = getComputedStyle(el);
  if (!cs.display.startsWith('inline') || cs.display === 'inline-block' || cs.display === 'inline-flex') return false;
  const block = el.parentElement;
  if (!block) return false;
  const all = norm(block.textContent).length, own = norm(el.textContent).length;
  return all - own >= 5;  // surrounded by other text in the same line box
}
function rectCircle(r, cx, cy, rad) {
  const nx = Math.max(r.left, Math.min(cx, r.right)), ny = Math.max(r.top, Math.min(cy, r.bottom));
  return (nx - cx) ** 2 + (ny - cy) ** 2 < rad * rad;
}
const small = targets.filter((t) => (t.r.width < min - 0.01 || t.r.height < min - 0.01) && !inlineInText(t.el)
  // a visible label activates its checkbox, so it is part of the target
  && !(t.el.localName === 'input' && ['checkbox', 'radio'].includes(t.el.type) && t.el.labels && t.el.labels.length && Array.from(t.el.labels).some(isVisible)));
const out = [];
for (const t of small) {
  if (out.length >= args.max) break;
  const cx = t.r.left + t.r.width / 2, cy = t.r.top + t.r.height / 2;
  let clash = null;
  for (const o of targets) {
    if (o === t) continue;
    if (o.el.contains(t.el) || t.el.contains(o.el)) continue;
    const osmall = small.includes(o);
    if (rectCircle(o.r, cx, cy, min / 2)) { clash = o; break; }
    if (osmall) {
      const ox = o.r.left + o.r.width / 2, oy = o.r.top + o.r.height / 2;
      if ((ox - cx) ** 2 + (oy - cy) ** 2 < min * min) { clash = o; break; }
    }
  }
  if (!clash) continue;
  out.push(describe(t.el, { data: { width_px: Math.round(t.r.width * 10) / 10, height_px: Math.round(t.r.height * 10) / 10, too_close_to: cssPath(clash.el) } }));
}
return out;
