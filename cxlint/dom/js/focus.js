// Focus visible (2.4.7): focus each tabbable element in turn and compare its rendering
// (own box, pseudo-elements, a few ancestors and descendants) focused against unfocused.
const PLAIN = ['box-shadow', 'background-color', 'background-image', 'color', 'opacity', 'transform', 'filter',
  'font-weight', 'visibility', 'width', 'height', 'fill', 'stroke'];
// Properties that only render when another one allows it (an outline with style none is
// invisible whatever its offset), so each group is folded to what actually shows.
function look(cs) {
  const v = (p) => cs.getPropertyValue(p);
  const out = PLAIN.map(v);
  out.push(v('outline-style') === 'none' || parseFloat(v('outline-width')) === 0 ? 'no-outline'
    : [v('outline-style'), v('outline-width'), v('outline-color'), v('outline-offset')].join(' '));
  for (const side of ['top', 'right', 'bottom', 'left']) {
    const st = v(`border-${side}-style`), w = parseFloat(v(`border-${side}-width`));
    out.push(st === 'none' || st === 'hidden' || w === 0 ? 'no-border' : [st, w, v(`border-${side}-color`)].join(' '));
  }
  out.push(v('text-decoration-line') === 'none' ? 'no-decoration'
    : [v('text-decoration-line'), v('text-decoration-color'), v('text-decoration-style'), v('text-decoration-thickness'), v('text-underline-offset')].join(' '));
  return out.join('|');
}
function snap(el) {
  const nodes = [el];
  for (let a = el.parentElement, i = 0; a && i < 3; a = a.parentElement, i++) nodes.push(a);
  nodes.push(...Array.from(el.querySelectorAll('*')).slice(0, 12));
  const out = [];
  for (const n of nodes) {
    for (const pseudo of [null, '::before', '::after']) {
      if (pseudo && n !== el) continue;
      out.push(look(getComputedStyle(n, pseudo)));
    }
  }
  return out.join('\n');
}
function settle() { for (const a of document.getAnimations()) { try { a.finish(); } catch (e) { /* infinite */ } } }
// An iframe passes focus on to the document inside it, which shows (or fails to show) the
// indicator on its own elements: the frame element itself never draws one.
const els = Array.from(document.querySelectorAll(FOCUSABLE_SELECTOR))
  .filter((el) => el.localName !== 'iframe' && isTabbable(el) && isVisible(el)).slice(0, args.max);
const suspects = [];
const lost = [];
const holder = document.activeElement;
for (const el of els) {
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  settle();
  const before = snap(el);
  el.focus({ preventScroll: true });
  if (document.activeElement !== el) {
    // A script threw focus away (onfocus="blur()"): nothing can show where focus is.
    const now = document.activeElement;
    if (!now || now === document.body || now === document.documentElement) lost.push(describe(el));
    continue;
  }
  settle();
  const after = snap(el);
  if (before === after) suspects.push(describe(el));
  el.blur();
}
settle();
if (holder && holder.blur) holder.blur();
return { checked: els.length, suspects, lost };
