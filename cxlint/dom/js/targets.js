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
// The inline exception: a target in a sentence, or whose size the line height of the text
// around it sets. Only text outside every target counts: a row of one-letter links ("A B C",
// "1 2 3") is not a sentence, whatever the links' own text adds up to.
function blockOf(el) {
  for (let a = el.parentElement; a; a = a.parentElement) {
    if (!getComputedStyle(a).display.startsWith('inline')) return a;
  }
  return null;
}
function ownText(block) {
  let text = '', inTargets = '';
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || !isVisible(p)) continue;
    if (p.closest(SEL) && block.contains(p.closest(SEL))) inTargets += n.nodeValue; else text += n.nodeValue;
  }
  return { text: norm(text), targets: norm(inTargets) };
}
function inlineInText(el) {
  const cs = getComputedStyle(el);
  if (!cs.display.startsWith('inline') || cs.display === 'inline-block' || cs.display === 'inline-flex') return false;
  const block = blockOf(el);
  if (!block) return false;
  const t = ownText(block);
  // Words around it, and more of them than of link text: a sentence with links in it.
  return t.text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean).length >= 2 && t.text.length > t.targets.length;
}
// The user agent control exception: a form control the author did not size or style is drawn
// at the browser's default size. Measured by drawing a bare copy where no page style reaches
// (a closed shadow root with all: initial) and comparing sizes.
const UA_TAGS = new Set(['input', 'select', 'textarea']);
let shadow = null;
function uaSized(el, r) {
  if (!UA_TAGS.has(el.localName)) return false;
  if (!shadow) {
    const host = document.createElement('div');
    host.setAttribute('data-cxlint-probe', '');
    host.style.cssText = 'position:absolute;left:-10000px;top:0;';
    document.body.appendChild(host);
    shadow = { host, root: host.attachShadow({ mode: 'closed' }) };
    shadow.root.innerHTML = '<style>:host{all:initial}</style><div></div>';
  }
  const copy = document.createElement(el.localName);
  for (const a of ['type', 'size', 'multiple', 'rows', 'cols']) if (el.hasAttribute(a)) copy.setAttribute(a, el.getAttribute(a));
  if (el.localName === 'select') for (const o of el.options) copy.appendChild(o.cloneNode(true));
  const box = shadow.root.lastChild;
  box.replaceChildren(copy);
  const c = copy.getBoundingClientRect();
  return Math.abs(c.width - r.width) < 0.5 && Math.abs(c.height - r.height) < 0.5;
}
function rectCircle(r, cx, cy, rad) {
  const nx = Math.max(r.left, Math.min(cx, r.right)), ny = Math.max(r.top, Math.min(cy, r.bottom));
  return (nx - cx) ** 2 + (ny - cy) ** 2 < rad * rad;
}
let small;
try {
  small = targets.filter((t) => (t.r.width < min - 0.01 || t.r.height < min - 0.01) && !inlineInText(t.el)
    && !uaSized(t.el, t.r)
    // a visible label activates its checkbox, so it is part of the target
    && !(t.el.localName === 'input' && ['checkbox', 'radio'].includes(t.el.type) && t.el.labels && t.el.labels.length && Array.from(t.el.labels).some(isVisible)));
} finally {
  if (shadow) shadow.host.remove();
}
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
