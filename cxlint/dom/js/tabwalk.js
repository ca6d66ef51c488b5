// One real Tab walk shared by the keyboard-trap and focus-order checks. A capture listener on
// window records, at every Tab keydown, which element holds focus (that is where the previous
// press left it) and where it sits on the page; Python presses the keys in between.
const KEY = '__cxlintTabWalk';
function where(el) {
  const r = el.getBoundingClientRect();
  let fixed = false;
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const p = getComputedStyle(n).position;
    if (p === 'fixed' || p === 'sticky') { fixed = true; break; }
  }
  return { top: Math.round(r.top + window.scrollY), left: Math.round(r.left + window.scrollX),
    w: Math.round(r.width), h: Math.round(r.height), fixed, rtl: getComputedStyle(el).direction === 'rtl' };
}
function isNothing(el) {
  return !el || el === document.body || el === document.documentElement || el.hasAttribute('data-cxlint-probe');
}
if (args.action === 'start') {
  const state = { els: [], pos: [], log: [], x: window.scrollX, y: window.scrollY };
  state.listener = (e) => {
    if (e.key !== 'Tab' || e.shiftKey) return;
    const a = document.activeElement;
    if (isNothing(a)) { state.log.push(-1); return; }
    let i = state.els.indexOf(a);
    if (i < 0) { i = state.els.length; state.els.push(a); state.pos.push(where(a)); }
    state.log.push(i);
  };
  Object.defineProperty(window, KEY, { value: state, configurable: true, enumerable: false, writable: true });
  window.addEventListener('keydown', state.listener, true);
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  window.scrollTo(0, 0);
  const probe = document.createElement('span');
  probe.tabIndex = -1;
  probe.setAttribute('data-cxlint-probe', '');
  document.body.insertBefore(probe, document.body.firstChild);
  probe.focus({ preventScroll: true });
  const tabbable = Array.from(document.querySelectorAll(FOCUSABLE_SELECTOR))
    .filter((el) => el.localName !== 'iframe' && isTabbable(el) && isVisible(el));
  return { tabbable: tabbable.length, vh: window.innerHeight };
}
const state = window[KEY];
if (!state) throw new Error('the Tab walk lost its state (the page replaced window properties)');
// Where focus is now: an index into the elements seen, or -1 for nothing (an iframe's
// inside is out of reach of the listener, so it counts as nothing too).
function current() {
  const a = document.activeElement;
  if (isNothing(a) || a.localName === 'iframe') return -1;
  let i = state.els.indexOf(a);
  if (i < 0) { i = state.els.length; state.els.push(a); state.pos.push(where(a)); }
  return i;
}
if (args.action === 'peek') return { log: state.log.slice(), last: current() };
// finish: the log, the final focus, each element described once, then leave the page as found.
window.removeEventListener('keydown', state.listener, true);
const last = current();
const elements = state.els.map((el, i) => describe(el, { pos: state.pos[i], tabindex: el.tabIndex,
  connected: el.isConnected, name: accName(el).slice(0, 80) }));
delete window[KEY];
for (const p of document.querySelectorAll('[data-cxlint-probe]')) p.remove();
if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
window.scrollTo(state.x, state.y);
return { log: state.log, last, elements };
