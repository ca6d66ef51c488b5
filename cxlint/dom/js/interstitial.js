// Modals, pop-ups and overlays showing on load, before the user has done anything.
const vw = window.innerWidth, vh = window.innerHeight;
const minShare = args.min_share;
const out = [];
const seen = new Set();
function covered(r) {
  const w = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
  const h = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
  return (w * h) / (vw * vh);
}
const dialogs = document.querySelectorAll('dialog[open], [role=dialog], [role=alertdialog], [aria-modal=true]');
for (const el of dialogs) {
  if (!isVisible(el) || covered(el.getBoundingClientRect()) <= 0) continue;
  if (out.some((o) => o.el.contains(el))) continue;
  out.push({ el, share: covered(el.getBoundingClientRect()), why: 'dialog' });
}
for (const el of document.body ? document.body.querySelectorAll('*') : []) {
  const cs = getComputedStyle(el);
  if (cs.position !== 'fixed') continue;
  if (!isVisible(el) || cs.opacity === '0' || cs.pointerEvents === 'none') continue;
  const share = covered(el.getBoundingClientRect());
  if (share < minShare) continue;
  if (out.some((o) => o.el.contains(el) || el.contains(o.el))) continue;
  out.push({ el, share, why: 'overlay' });
}
return out.map((o) => describe(o.el, { data: { kind: o.why, viewport_share: Math.round(o.share * 100) / 100 } }));
