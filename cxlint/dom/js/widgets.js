// Interactive widgets: find dialog triggers, hover-only menus, tooltips and self-submitting
// controls (read-only, on the scanned page); then, in a throwaway copy, read their state
// between the key presses and pointer moves Python makes.
const KEY = '__cxlintWidgets';
const DIALOG_SEL = 'dialog, [role=dialog], [role=alertdialog], [aria-modal=true], .usa-modal, .usa-modal-wrapper';
const WARN_RE = /\b(will|automatically) (go|take you|open|load|reload|refresh|navigate|change|update|submit|redirect)|opens? (in )?(a )?new (page|window|tab)|when you (select|choose|pick)|page (will )?(reload|refresh|change)s?/i;

function byId(id) { return id ? document.getElementById(id) : null; }
function dialogOf(el) {
  const ids = (el.getAttribute('aria-controls') || '').split(/\s+/).filter(Boolean);
  const href = el.localName === 'a' ? el.getAttribute('href') || '' : '';
  const data = el.getAttribute('data-target') || el.getAttribute('data-bs-target') || '';
  if (href.startsWith('#') && href.length > 1) ids.push(decodeURIComponent(href.slice(1)));
  if (data.startsWith('#')) ids.push(data.slice(1));
  for (const id of ids) {
    const t = byId(id);
    if (!t) continue;
    const d = t.matches(DIALOG_SEL) ? t : t.querySelector(DIALOG_SEL);
    if (d) return d;
  }
  return null;
}
function openDialogs() {
  return Array.from(document.querySelectorAll(DIALOG_SEL)).filter((d) => isRendered(d) && !d.closest('[hidden]'))
    .filter((d, _, all) => !all.some((o) => o !== d && o.contains(d) && o.matches('.usa-modal-wrapper')));
}
function isModal(d) {
  return d.getAttribute('aria-modal') === 'true' || (d.localName === 'dialog' && d.matches(':modal'))
    || !!d.querySelector('[aria-modal=true]') || d.matches('.usa-modal-wrapper');
}
function tabbablesIn(root) {
  return Array.from(root.querySelectorAll(FOCUSABLE_SELECTOR)).filter((e) => isTabbable(e) && isVisible(e));
}
function inMenu(li) {
  return li.closest('nav, [role=navigation], [role=menubar], .usa-nav, .usa-megamenu');
}

function findAll() {
  const dialogs = [];
  const triggers = Array.from(document.querySelectorAll('[aria-haspopup=dialog], [aria-controls], [data-open-modal], a[href^="#"], [data-target], [data-bs-target], [data-lightbox], [data-fancybox]'));
  for (const t of triggers) {
    if (dialogs.length >= args.max || !isVisible(t) || !isFocusable(t)) continue;
    const d = dialogOf(t);
    const popup = (t.getAttribute('aria-haspopup') || '').toLowerCase() === 'dialog' || t.hasAttribute('data-lightbox') || t.hasAttribute('data-fancybox');
    if (!d && !popup) continue;
    if (d && isRendered(d) && !d.closest('[hidden]')) continue;  // already open on load (FED404 covers it)
    dialogs.push(describe(t, { name: accName(t).slice(0, 80), dialog: d ? cssPath(d) : null }));
  }
  const menus = [];
  for (const li of Array.from(document.querySelectorAll('li'))) {
    if (menus.length >= args.max || !inMenu(li)) continue;
    const trigger = Array.from(li.children).find((c) => c.matches('a[href], button, [tabindex]')) ||
      Array.from(li.children).map((c) => c.querySelector(':scope > a[href], :scope > button')).find(Boolean);
    const sub = Array.from(li.children).find((c) => c !== trigger && !c.contains(trigger) && c.querySelector('a[href]'));
    if (!trigger || !sub || !isVisible(trigger) || isRendered(sub)) continue;
    menus.push(describe(trigger, { name: accName(trigger).slice(0, 80), sub: cssPath(sub), item: cssPath(li),
      link: trigger.localName === 'a' && !/^#?$/.test(trigger.getAttribute('href') || '') && !/^javascript:/i.test(trigger.getAttribute('href') || ''),
      expandable: trigger.hasAttribute('aria-expanded') }));
  }
  const tips = [];
  for (const t of Array.from(document.querySelectorAll('[aria-describedby], .usa-tooltip, [data-tooltip], [data-toggle=tooltip], [data-bs-toggle=tooltip]'))) {
    if (tips.length >= args.max || !isVisible(t)) continue;
    const ref = (t.getAttribute('aria-describedby') || '').split(/\s+/).map(byId).find((r) => r && r.getAttribute('role') === 'tooltip');
    const marked = t.matches('.usa-tooltip, [data-tooltip], [data-toggle=tooltip], [data-bs-toggle=tooltip]');
    if (!ref && !marked) continue;
    if (ref && isRendered(ref)) continue;
    tips.push(describe(t, { name: accName(t).slice(0, 80), tip: ref ? cssPath(ref) : null }));
  }
  const changes = [];
  for (const el of Array.from(document.querySelectorAll('select, input[onchange], input[oninput]'))) {
    if (changes.length >= args.max || !isVisible(el) || el.disabled) continue;
    if (el.closest('[role=search], .usa-search')) continue;
    if (el.localName === 'select' && Array.from(el.options).filter((o) => !o.disabled).length < 2) continue;
    const context = norm([accName(el), accDescription(el), el.closest('fieldset, .usa-form-group, form, div') ? (el.closest('fieldset, .usa-form-group, form, div').innerText || '').slice(0, 400) : ''].join(' '));
    if (WARN_RE.test(context)) continue;  // the user was told beforehand (3.2.2 allows it)
    changes.push(describe(el, { name: accName(el).slice(0, 80) }));
  }
  return { dialogs, menus, tips, changes };
}

if (args.action === 'find') return findAll();

if (args.action === 'focus') {
  const el = document.querySelector(args.selector);
  if (!el) return false;
  el.focus();
  return document.activeElement === el;
}

if (args.action === 'focus-in') {
  const d = document.querySelector(args.dialog);
  if (!d) return false;
  const el = (args.selector && document.querySelector(args.selector)) || tabbablesIn(d)[0] || d;
  if (el === d && !d.hasAttribute('tabindex')) d.setAttribute('tabindex', '-1');
  el.focus();
  return d.contains(document.activeElement);
}

if (args.action === 'click') {
  const el = document.querySelector(args.selector);
  if (el) el.click();
  return !!el;
}

if (args.action === 'dialog-open') {
  // Which dialog is open now, and where focus is; a listener then records focus leaving it.
  const d = (args.dialog && document.querySelector(args.dialog)) || openDialogs()[0] || null;
  if (!d || !isRendered(d) || d.closest('[hidden]')) return { open: false };
  const a = document.activeElement;
  const old = window[KEY];
  if (old) document.removeEventListener('focusin', old.listener, true);
  const state = { left: [] };
  state.listener = (e) => {
    if (e.target && e.target.nodeType === 1 && !d.contains(e.target)) state.left.push(accName(e.target).slice(0, 60) || cssPath(e.target));
  };
  document.addEventListener('focusin', state.listener, true);
  Object.defineProperty(window, KEY, { value: state, configurable: true, enumerable: false, writable: true });
  return { open: true, selector: cssPath(d), modal: isModal(d), focusInside: !!(a && d.contains(a)),
    active: a && a !== document.body ? cssPath(a) : '', activeName: a && a !== document.body ? accName(a).slice(0, 60) : '', tabbables: tabbablesIn(d).length, desc: describe(d),
    close: (tabbablesIn(d).find((b) => /close|cancel|dismiss|done|ok\b|×|✕|understand|continue|no thanks/i.test(accName(b))) || null) ? cssPath(tabbablesIn(d).find((b) => /close|cancel|dismiss|done|ok\b|×|✕|understand|continue|no thanks/i.test(accName(b)))) : null };
}

if (args.action === 'dialog-tabbed') {
  // Stop listening before the dialog closes: focus going back to the trigger is not a leak.
  const state = window[KEY];
  if (!state) return [];
  document.removeEventListener('focusin', state.listener, true);
  delete window[KEY];
  return state.left.slice(0, 5);
}

if (args.action === 'dialog-after') {
  const d = document.querySelector(args.dialog);
  const open = !!(d && isRendered(d) && !d.closest('[hidden]'));
  const a = document.activeElement;
  const trigger = document.querySelector(args.trigger);
  return { open, active: a && a !== document.body ? (accName(a).slice(0, 60) || cssPath(a)) : '',
    onTrigger: !!(trigger && a && (a === trigger || trigger.contains(a))),
    triggerUsable: !!(trigger && isVisible(trigger)) };
}

if (args.action === 'visible') {
  const el = document.querySelector(args.selector);
  return !!(el && isVisible(el));
}

if (args.action === 'rect') {
  const el = document.querySelector(args.selector);
  if (!el) return null;
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, w: r.width, h: r.height };
}

if (args.action === 'new-tip') {
  // The tooltip that shows now: the one named, else any visible role=tooltip / usa-tooltip body.
  const named = args.tip && document.querySelector(args.tip);
  if (named) return isVisible(named) ? cssPath(named) : null;
  const t = document.querySelector(args.trigger);
  const ref = t ? (t.getAttribute('aria-describedby') || '').split(/\s+/).map(byId).find((r) => r && isVisible(r)) : null;
  if (ref) return cssPath(ref);
  const any = Array.from(document.querySelectorAll('[role=tooltip], .usa-tooltip__body')).find((e) => isVisible(e));
  return any ? cssPath(any) : null;
}

if (args.action === 'menu-reachable') {
  // After focusing the trigger: is the submenu shown, or is the next Tab stop inside it?
  const sub = document.querySelector(args.sub);
  const a = document.activeElement;
  return { shown: !!(sub && isVisible(sub)), focusInside: !!(sub && a && sub.contains(a)) };
}

if (args.action === 'active') {
  const a = document.activeElement;
  return a && a !== document.body ? cssPath(a) : '';
}
return null;
