// Form journeys: find the forms worth submitting (read-only, on the scanned page), then, in a
// throwaway copy of the page, fill a form empty or with clearly bad values, submit it, and
// read the error state that follows (the same document, or the page the server sent back).
const KEY = '__cxlintFormJourney';
const ERROR_RE = /\b(errors?|invalid|required|must|missing|incorrect|problem|cannot be (blank|empty)|can(no|')t be (blank|empty)|is not valid|not a valid|please (enter|provide|select|choose|fix|correct|complete|fill|include|match|use)|enter (a|an|your|the|only)|select (a|an|your|the)|choose (a|an|your|the)|fill (in|out)|too (short|long|many|few)|at least|no more than|does not match|doesn't match)\b/i;
const OPTIONAL_RE = /\boptional\b/i;
const DESTRUCTIVE_RE = /\b(delete|remove|erase|cancel|withdraw|unsubscribe|deactivate|close (my |your )?account|sign out|log ?out|pay|purchase|buy)\b/i;
const REQUIRED_TEXT_RE = /\brequired\b|\(req\.?\)|\bmandatory\b/i;
const ALL_REQUIRED_RE = /\ball (fields|questions|information) (are|is) (required|mandatory)|(required|mandatory) unless (marked|labell?ed) (as )?optional/i;
const FORMAT_NAME_RE = /zip|postal|phone|mobile|\btel\b|ssn|social.?security|e-?mail|\byear\b|\bmonth\b|\bday\b|\bdate\b|\bdob\b|birth|permit.?(number|no)|account.?(number|no)|routing|card.?number|cc-?number|\bein\b|\btin\b/i;
const TEXT_TYPES = ['', 'text', 'email', 'tel', 'url', 'number', 'search', 'password', 'date', 'month', 'week', 'time', 'datetime-local'];

function fieldsOf(form) {
  const own = Array.from(form.elements || []);
  return own.filter((el) => {
    const tag = el.localName;
    if (tag === 'select' || tag === 'textarea') return !el.disabled;
    if (tag !== 'input') return false;
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image', 'file'].includes(type)) return false;
    return !el.disabled && !el.readOnly;
  }).filter((el) => isRendered(el) || (el.type === 'radio' || el.type === 'checkbox') && el.labels && el.labels.length);
}

function submitterOf(form) {
  const inside = Array.from(form.querySelectorAll('button, input[type=submit], input[type=image]'))
    .filter((b) => (b.localName === 'button' ? (b.getAttribute('type') || 'submit').toLowerCase() === 'submit' : true));
  const outside = form.id ? Array.from(document.querySelectorAll(`button[form="${cssIdent(form.id)}"], input[type=submit][form="${cssIdent(form.id)}"]`)) : [];
  return inside.concat(outside).find((b) => !b.disabled && isRendered(b)) || null;
}

function isSearchForm(form, fields) {
  if (form.matches('[role=search], .usa-search') || form.closest('[role=search], .usa-search')) return true;
  if (/search/i.test(form.getAttribute('action') || '') && fields.length <= 3) return true;
  return fields.some((f) => f.type === 'search') && fields.length <= 3;
}

function labelOf(el) {
  let t = labelText(el);
  if (!t) t = idrefText(el, 'aria-labelledby') || norm(el.getAttribute('aria-label'));
  if ((el.type === 'radio' || el.type === 'checkbox')) {
    const fs = el.closest('fieldset');
    const lg = fs && fs.querySelector('legend');
    if (lg) t = norm(lg.textContent) + ' ' + t;
  }
  return t;
}

function pageSaysAllRequired(form) {
  // "All fields are required unless marked optional", in the form or between it and the previous form.
  let node = form;
  for (let i = 0; node && i < 4; i++, node = node.parentElement) {
    let sib = node.previousElementSibling;
    for (let j = 0; sib && j < 6; j++, sib = sib.previousElementSibling) {
      if (sib.matches('form') || sib.querySelector('form')) return ALL_REQUIRED_RE.test(form.textContent || '');
      if (ALL_REQUIRED_RE.test(sib.textContent || '')) return true;
    }
  }
  return ALL_REQUIRED_RE.test(form.textContent || '');
}

function isRequired(el, allRequired) {
  if (el.required || el.getAttribute('aria-required') === 'true') return true;
  const label = labelOf(el);
  if (REQUIRED_TEXT_RE.test(label) || /\*/.test(label)) return true;
  return allRequired && !OPTIONAL_RE.test(label) && !OPTIONAL_RE.test(accDescription(el)) && el.type !== 'checkbox';
}

function formatKind(el) {
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (['email', 'url', 'tel'].includes(type)) return type;
  if (type === 'number') return el.hasAttribute('min') || el.hasAttribute('max') ? 'number' : null;
  if (el.localName !== 'input' || !['', 'text'].includes(type)) return null;
  if (el.getAttribute('pattern')) return 'pattern';
  const im = (el.getAttribute('inputmode') || '').toLowerCase();
  if (['numeric', 'decimal', 'tel'].includes(im)) return 'digits';
  if (im === 'email') return 'email';
  const ac = (el.getAttribute('autocomplete') || '').toLowerCase();
  if (/postal-code|^tel|bday|cc-number|cc-exp|email/.test(ac)) return /email/.test(ac) ? 'email' : 'digits';
  const hay = [el.name, el.id, labelOf(el)].join(' ');
  if (FORMAT_NAME_RE.test(hay)) return /e-?mail/i.test(hay) ? 'email' : /\bdate\b/i.test(hay) ? 'date' : 'digits';
  return null;
}

function keyOf(el) {
  return { id: el.id || '', name: el.getAttribute('name') || '', selector: cssPath(el), type: el.type || el.localName };
}

function find(key) {
  if (key.id) { const e = document.getElementById(key.id); if (e) return e; }
  if (key.name) {
    const form = args.form ? document.querySelector(args.form) : null;
    const scope = form || document;
    const byName = scope.querySelector(`[name="${cssIdent(key.name)}"]`);
    if (byName) return byName;
  }
  try { return document.querySelector(key.selector); } catch (e) { return null; }
}

function candidates() {
  const out = [];
  for (const form of Array.from(document.forms)) {
    if (!isRendered(form) || (form.getAttribute('method') || '').toLowerCase() === 'dialog') continue;
    if (form.closest('[data-cxlint-no-submit]')) continue;  // the site's own "never submit this"
    const fields = fieldsOf(form);
    if (!fields.length || isSearchForm(form, fields)) continue;
    const submit = submitterOf(form);
    if (!submit || DESTRUCTIVE_RE.test(accName(submit))) continue;  // never press "Delete my account"
    const allRequired = pageSaysAllRequired(form);
    const required = fields.filter((f) => isRequired(f, allRequired));
    const format = fields.filter((f) => formatKind(f));
    if (!required.length && !format.length) continue;
    out.push(describe(form, { required: required.length, format: format.length, fields: fields.length,
      method: (form.getAttribute('method') || 'get').toLowerCase(), action: form.action || '' }));
  }
  return out;
}

const SETTER = (el) => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value');
function setValue(el, v) {
  const d = SETTER(el);
  if (d && d.set) d.set.call(el, v); else el.value = v;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

function badValue(el, kind) {
  if (kind === 'email') return 'not-an-email';
  if (kind === 'url') return 'not a web address';
  if (kind === 'tel' || kind === 'digits') return 'abc';
  if (kind === 'date') return 'not-a-date';
  if (kind === 'number') {
    const min = parseFloat(el.getAttribute('min'));
    const max = parseFloat(el.getAttribute('max'));
    return String(!Number.isNaN(min) ? min - 1000 : max + 1000);
  }
  if (kind === 'pattern') {
    for (const v of ['!!!', 'abc', '0']) {
      try { if (!new RegExp('^(?:' + el.getAttribute('pattern') + ')$', 'v').test(v)) return v; } catch (e) { return '!!!'; }
    }
  }
  return '!!!';
}

function plausibleValue(el) {
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (type === 'date') return '2030-01-15';
  if (type === 'month') return '2030-01';
  if (type === 'time') return '10:30';
  if (type === 'password') return 'Correct-Horse-42';
  const hay = [el.name, el.id, el.getAttribute('autocomplete'), labelOf(el)].join(' ').toLowerCase();
  if (/city|town/.test(hay)) return 'Springfield';
  if (/address|street/.test(hay)) return '100 Main Street';
  if (/name/.test(hay)) return 'Jordan';
  const max = parseInt(el.getAttribute('maxlength'), 10);
  return max > 0 && max < 10 ? 'J'.repeat(1) : 'Test entry';
}

function visibleBlocks(root) {
  // Elements that hold text of their own: where messages are written.
  const out = [];
  for (const el of (root || document.body || document.documentElement).querySelectorAll('*')) {
    if (['script', 'style', 'template', 'noscript', 'option', 'select', 'textarea', 'title', 'head'].includes(el.localName)) continue;
    let own = '';
    for (const c of el.childNodes) if (c.nodeType === 3) own += c.textContent;
    if (!norm(own)) continue;
    const t = textOf(el);
    if (!t || t.length > 300) continue;
    if (!isRendered(el) && !isLive(el)) continue;
    out.push(el);
    if (out.length > 3000) break;
  }
  return out;
}

function isLive(el) {
  return !!el.closest('[role=alert], [role=status], [aria-live=assertive], [aria-live=polite], output');
}

const FIELD_SEL = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]), select, textarea';

function groupOf(field) {
  // The largest ancestor that holds this field (or its radio/checkbox group) and no other field;
  // null when even its parent holds other fields (fields laid out straight inside the form).
  const form = field.form || field.closest('form');
  const mine = (f) => f === field || (field.name && f.name === field.name && (f.type === 'radio' || f.type === 'checkbox'));
  let group = null;
  let node = field.parentElement;
  while (node && node !== form && node !== document.body) {
    if (Array.from(node.querySelectorAll(FIELD_SEL)).some((f) => !mine(f))) break;
    group = node;
    node = node.parentElement;
  }
  return group;
}

function ownerField(e) {
  // For a message among fields that share one container: the field it follows, or the one whose
  // label comes just before it ("<label for=b> <span>error</span> <input id=b>").
  const form = e.closest('form');
  if (!form) return null;
  const walker = document.createTreeWalker(form, NodeFilter.SHOW_ELEMENT);
  walker.currentNode = e;
  for (let i = 0; i < 40; i++) {
    const n = walker.previousNode();
    if (!n || n === form) return null;
    if (n.contains(e)) continue;
    if (n.matches(FIELD_SEL)) return n;
    if (n.localName === 'label' && n.control) return n.control;
  }
  return null;
}

function isNear(field, e) {
  const group = groupOf(field);
  if (group) return group.contains(e) && !e.contains(field);
  return ownerField(e) === field;
}

function refsOf(el) {
  const ids = [(el.getAttribute('aria-describedby') || ''), (el.getAttribute('aria-errormessage') || '')].join(' ').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)).filter(Boolean);
}

if (args.action === 'find') return candidates();

if (args.action === 'prepare') {
  const form = document.querySelector(args.form);
  if (!form) return { missing: true };
  const fields = fieldsOf(form);
  const allRequired = pageSaysAllRequired(form);
  const expected = [];
  const typed = [];
  const radiosDone = new Set();
  for (const f of fields) {
    const kind = formatKind(f);
    const req = isRequired(f, allRequired);
    const k = keyOf(f);
    const label = labelOf(f).slice(0, 80);
    const hint = norm(refsOf(f).map((r) => r.textContent).join(' ') + ' ' + (f.getAttribute('title') || '')).slice(0, 200);
    if (args.mode === 'empty') {
      if (req) expected.push(Object.assign(k, { label, reason: 'required', hint }));
      continue;
    }
    // bad values: the format fields get clearly wrong values, the rest plausible ones.
    if (f.type === 'radio') {
      if (!radiosDone.has(f.name)) { radiosDone.add(f.name); f.checked = true; f.dispatchEvent(new Event('change', { bubbles: true })); }
      continue;
    }
    if (f.type === 'checkbox') { if (req) { f.checked = true; f.dispatchEvent(new Event('change', { bubbles: true })); } continue; }
    if (f.localName === 'select') {
      const opt = Array.from(f.options).find((o) => o.value && !o.disabled);
      if (opt) { f.value = opt.value; f.dispatchEvent(new Event('change', { bubbles: true })); }
      continue;
    }
    if (f.localName === 'input' && !TEXT_TYPES.includes((f.getAttribute('type') || '').toLowerCase())) continue;
    const v = kind ? badValue(f, kind) : plausibleValue(f);
    setValue(f, v);
    if (f.value !== v && kind) continue;  // the browser refused the value (e.g. letters in a number field)
    typed.push(Object.assign({}, k, { label, value: f.value, password: f.type === 'password' }));
    if (kind) expected.push(Object.assign({}, k, { label, reason: 'format', kind, value: f.value, hint }));
  }
  const state = { invalid: [], submitted: false };
  state.onInvalid = (e) => { if (e.target && e.target.nodeType === 1) state.invalid.push(cssPath(e.target)); };
  state.onSubmit = () => { state.submitted = true; };
  document.addEventListener('invalid', state.onInvalid, true);
  document.addEventListener('submit', state.onSubmit, true);
  // Registered after the page's own handlers, on window: it runs last, so it knows whether a
  // handler cancelled the submit (client-side validation) or the browser will now navigate.
  state.onLeave = (e) => { state.leaving = !e.defaultPrevented && !(e.target && e.target.target && e.target.target !== '_self'); };
  window.addEventListener('submit', state.onLeave);
  // On the scanned page itself (a page without script), a submit the browser's validation let
  // through is cancelled after it is recorded: the page must not leave, and a throwaway copy
  // makes that attempt again.
  if (args.inPlace) {
    state.onCancel = (e) => e.preventDefault();
    window.addEventListener('submit', state.onCancel);
  }
  Object.defineProperty(window, KEY, { value: state, configurable: true, enumerable: false, writable: true });
  const baseline = Array.from(new Set(visibleBlocks().map(textOf))).slice(0, 3000);
  const submit = submitterOf(form);
  let focused = false;
  if (submit) { submit.focus(); focused = document.activeElement === submit; }
  return { expected, typed, baseline, title: document.title, focused, submit: submit ? cssPath(submit) : null };
}

if (args.action === 'submit') {
  // Fallback when the submit button could not take focus for a key press.
  const form = document.querySelector(args.form);
  if (!form) return false;
  const submit = submitterOf(form);
  if (form.requestSubmit) form.requestSubmit(submit || undefined); else form.submit();
  return true;
}

if (args.action === 'reset') {
  // A page without script, back to how it loaded after an attempt the browser stopped (nothing was
  // sent, so only values, validity state, focus and scrolling changed): the next attempt starts
  // from what a fresh load would give, without the load.
  const state = window[KEY];
  if (state) {
    document.removeEventListener('invalid', state.onInvalid, true);
    document.removeEventListener('submit', state.onSubmit, true);
    window.removeEventListener('submit', state.onLeave);
    if (state.onCancel) window.removeEventListener('submit', state.onCancel);
    delete window[KEY];
  }
  for (const f of document.forms) f.reset();
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  window.scrollTo(0, 0);
  return true;
}

if (args.action === 'observe') {
  const state = window[KEY];
  const sameDoc = !!state;
  const base = new Set(args.baseline);
  // A new document is the service's answer about this form only if the form came back (most of
  // its fields are on it); any other page is where the form went on to, whatever its text says.
  const found = args.expected.concat(args.typed || []).map((k) => find(k)).filter(Boolean);
  const formBack = sameDoc || (found.length > 0 && found.length * 2 >= args.expected.concat(args.typed || []).length);
  const fresh = !formBack ? [] : visibleBlocks().filter((el) => !base.has(textOf(el)) && ERROR_RE.test(textOf(el))
    && !el.closest('label, legend') && !el.matches('.usa-hint, .usa-hint *'));
  // Keep the outermost of nested messages.
  const errs = fresh.filter((el) => !fresh.some((o) => o !== el && o.contains(el)));
  const errVisible = errs.filter((el) => isVisible(el));
  const active = document.activeElement;
  const containerOf = (e) => e.closest('[role=alert], [role=status], [aria-live], .usa-alert, [class*=error-summary], [class*=errorSummary], [tabindex="-1"]') || e.parentElement || e;
  const fieldEls = [];
  const fields = args.expected.map((key) => {
    const el = find(key);
    if (!el) return Object.assign({}, key, { present: false });
    fieldEls.push(el);
    const refs = refsOf(el);
    const labels = Array.from(el.labels || []);
    const fs = (el.type === 'radio' || el.type === 'checkbox') ? el.closest('fieldset') : null;
    const legend = fs ? fs.querySelector('legend') : null;
    const linked = (e) => refs.some((r) => r === e || r.contains(e) || e.contains(r))
      || labels.some((l) => l.contains(e)) || (legend && legend.contains(e));
    const near = errs.filter((e) => isNear(el, e));
    const assoc = errs.filter(linked);
    const msgEls = assoc.length ? assoc : near;
    const describedText = norm(refs.map((r) => r.textContent).join(' '));
    return Object.assign({}, key, {
      present: true,
      value: el.value,
      valid: el.validity ? el.validity.valid : true,
      native: state ? state.invalid.includes(cssPath(el)) : false,
      validation: (el.validationMessage || '').slice(0, 200),
      title: norm(el.getAttribute('title')).slice(0, 120),
      ariaInvalid: el.getAttribute('aria-invalid') === 'true',
      associated: assoc.length > 0 || (ERROR_RE.test(describedText) && !base.has(describedText) && refs.some((r) => !base.has(textOf(r)))),
      near: near.length > 0,
      message: norm(msgEls.map((e) => textOf(e)).join(' ')).slice(0, 240),
      linkedFromSummary: !!(el.id && Array.from(document.querySelectorAll(`a[href="#${cssIdent(el.id)}"]`)).some((a) => errs.some((e) => containerOf(e).contains(a)))),
      focused: active === el,
      desc: describe(el),
    });
  });
  const inGroups = (e) => fieldEls.some((f) => isNear(f, e));
  const summaryEls = errs.filter((e) => !inGroups(e));
  const focusInError = !!(active && active !== document.body && errs.some((e) => e.contains(active) || active.contains(e) || containerOf(e).contains(active) && !(active.matches('input, select, textarea, button'))));
  const live = errs.some((e) => isLive(e));
  return {
    sameDoc,
    formBack,
    url: location.href,
    title: document.title,
    titleError: document.title !== args.title && ERROR_RE.test(document.title) || /^\s*(error|problem)/i.test(document.title),
    nativeBlocked: !!(state && state.invalid.length && !state.submitted),
    submitted: state ? state.submitted : true,
    errors: errs.slice(0, 20).map((e) => ({ text: textOf(e), visible: isVisible(e), live: isLive(e) })),
    visibleErrors: errVisible.length,
    summary: summaryEls.length > 0,
    summaryText: summaryEls.length ? textOf(summaryEls[0]).slice(0, 160) : '',
    live,
    focusInError,
    focusOnField: fields.some((f) => f.focused),
    activeTag: active ? active.localName : '',
    fields,
    markedInvalid: fields.filter((f) => f.ariaInvalid).length,
    kept: (args.typed || []).map((k) => { const el = find(k); return el ? el.value : null; }),
  };
}
return null;
