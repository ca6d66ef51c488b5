// Helpers shared by every injected check. They are concatenated in front of each
// check body inside one arrow function, so nothing is left on the page's globals
// and a page that redefines window properties cannot reach into cxlint.
const MAX_SNIPPET = 300;
const norm = (s) => String(s == null ? '' : s).replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, ' ').trim();
const cssIdent = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/[^\w-]/g, '\\$&'));

function uniqueId(el) {
  if (!el.id) return null;
  const sel = '#' + cssIdent(el.id);
  try { return el.ownerDocument.querySelectorAll(sel).length === 1 ? sel : null; } catch (e) { return null; }
}

function cssPath(el) {
  if (!el || el.nodeType !== 1) return '';
  const parts = [];
  let node = el;
  while (node && node.nodeType === 1) {
    const id = uniqueId(node);
    if (id) { parts.unshift(id); break; }
    const tag = node.localName;
    if (tag === 'html') { parts.unshift('html'); break; }
    if (tag === 'body' || tag === 'head') { parts.unshift(tag); node = node.parentElement; continue; }
    let idx = 1;
    let sib = node.previousElementSibling;
    while (sib) { if (sib.localName === tag) idx++; sib = sib.previousElementSibling; }
    let more = false;
    sib = node.nextElementSibling;
    while (sib && !more) { if (sib.localName === tag) more = true; sib = sib.nextElementSibling; }
    parts.unshift(idx > 1 || more ? `${tag}:nth-of-type(${idx})` : tag);
    node = node.parentElement;
  }
  return parts.join(' > ');
}

function snippetOf(el) {
  if (!el || el.nodeType !== 1) return '';
  let html = el.outerHTML || '';
  if (html.length > MAX_SNIPPET) html = html.slice(0, MAX_SNIPPET - 3) + '...';
  return html;
}

function ignoreCodes(el) {
  const out = [];
  let node = el;
  while (node && node.nodeType === 1) {
    const v = node.getAttribute('data-cxlint-ignore');
    if (v) out.push(...v.split(/[\s,]+/).filter(Boolean));
    node = node.parentElement || (node.getRootNode && node.getRootNode().host) || null;
  }
  return out;
}

function textOf(el) {
  if (!el) return '';
  const t = el.innerText !== undefined && el.localName !== 'title' ? el.innerText : el.textContent;
  return norm(t).slice(0, 200);
}

function describe(el, extra) {
  return Object.assign({ selector: cssPath(el), snippet: snippetOf(el), text: textOf(el), ignore: ignoreCodes(el) }, extra || {});
}

function isRendered(el) {
  if (!el || el.nodeType !== 1) return false;
  if (el.checkVisibility && !el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

function isScreenReaderOnly(el) {
  const r = el.getBoundingClientRect();
  if (r.width <= 2 && r.height <= 2) return true;
  const cs = getComputedStyle(el);
  if (cs.clip && cs.clip.startsWith('rect(0') ) return true;
  if (cs.clipPath && /inset\(50%|inset\(100%/.test(cs.clipPath)) return true;
  return false;
}

function isOffscreen(el) {
  const r = el.getBoundingClientRect();
  const sx = window.scrollX, sy = window.scrollY;
  return r.right + sx <= 0 || r.bottom + sy <= 0;
}

// Visible to a sighted user: rendered, not clipped to nothing, not parked off-screen.
function isVisible(el) {
  return isRendered(el) && !isOffscreen(el) && !isScreenReaderOnly(el);
}

function isHidden(el) {
  // Hidden from everyone, including assistive technology.
  let node = el;
  while (node && node.nodeType === 1) {
    if (node.hidden || node.getAttribute('aria-hidden') === 'true') return true;
    node = node.parentElement;
  }
  if (el.checkVisibility) return !el.checkVisibility({ checkVisibilityCSS: true });
  return false;
}

function idrefText(el, attr) {
  const ids = (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean);
  return norm(ids.map((id) => { const t = el.ownerDocument.getElementById(id); return t ? t.textContent : ''; }).join(' '));
}

function subtreeText(node) {
  if (node.nodeType === 3) return node.textContent;
  if (node.nodeType !== 1) return '';
  if (node.getAttribute('aria-hidden') === 'true') return '';
  const tag = node.localName;
  if (tag === 'script' || tag === 'style' || tag === 'template' || tag === 'noscript') return '';
  if (tag === 'img' || (tag === 'input' && node.type === 'image') || tag === 'area') {
    return ' ' + (node.getAttribute('aria-label') || node.getAttribute('alt') || '') + ' ';
  }
  if (tag === 'svg') {
    const t = node.querySelector('title');
    return ' ' + (node.getAttribute('aria-label') || (t ? t.textContent : '')) + ' ';
  }
  if (node.getAttribute('aria-label')) return ' ' + node.getAttribute('aria-label') + ' ';
  let s = '';
  const kids = node.shadowRoot ? node.shadowRoot.childNodes : node.childNodes;
  for (const c of kids) s += subtreeText(c);
  const display = node.nodeType === 1 ? getComputedStyle(node).display : 'inline';
  return display && !display.startsWith('inline') ? ' ' + s + ' ' : s;
}

function labelText(el) {
  const parts = [];
  if (el.labels) for (const l of el.labels) parts.push(subtreeText(l));
  return norm(parts.join(' '));
}

// An approximation of the accessible name computation, good enough for
// matching link purposes and labels; it follows the same precedence.
function accName(el) {
  if (!el || el.nodeType !== 1) return '';
  const lb = idrefText(el, 'aria-labelledby');
  if (lb) return lb;
  const al = norm(el.getAttribute('aria-label'));
  if (al) return al;
  const tag = el.localName;
  if (tag === 'input' || tag === 'select' || tag === 'textarea') {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['submit', 'reset', 'button'].includes(type)) return norm(el.value || el.getAttribute('value') || (type === 'submit' ? 'Submit' : ''));
    if (type === 'image') return norm(el.getAttribute('alt') || el.getAttribute('value') || '');
    const l = labelText(el);
    if (l) return l;
    return norm(el.getAttribute('title') || el.getAttribute('placeholder') || '');
  }
  if (tag === 'img' || tag === 'area') return norm(el.getAttribute('alt') || el.getAttribute('title') || '');
  const t = norm(subtreeText(el));
  if (t) return t;
  return norm(el.getAttribute('title') || '');
}

function accDescription(el) {
  return norm([idrefText(el, 'aria-describedby'), el.getAttribute('title') || ''].join(' '));
}

// A programmatic label other than the placeholder: what a placeholder cannot replace.
function hasRealLabel(el) {
  if (idrefText(el, 'aria-labelledby')) return true;
  if (norm(el.getAttribute('aria-label'))) return true;
  if (labelText(el)) return true;
  if (norm(el.getAttribute('title'))) return true;
  return false;
}

// Text right after an element inside its parent: "(PDF, 2 MB)" style hints.
function trailingText(el, limit) {
  let s = '';
  let node = el.nextSibling;
  while (node && s.length < limit) {
    if (node.nodeType === 1 && node.matches('a[href], button')) break;
    s += node.nodeType === 3 ? node.textContent : node.nodeType === 1 ? subtreeText(node) : '';
    node = node.nextSibling;
  }
  return norm(s).slice(0, limit);
}

function allElements(root) {
  return Array.from((root || document).querySelectorAll('*'));
}

const FOCUSABLE_SELECTOR = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, summary, [tabindex], [contenteditable=""], [contenteditable=true], audio[controls], video[controls]';

function isFocusable(el) {
  if (!el.matches(FOCUSABLE_SELECTOR)) return el.tabIndex >= 0 && el.hasAttribute('tabindex');
  if (el.disabled) return false;
  return el.tabIndex >= -1;
}

function isTabbable(el) {
  return isFocusable(el) && el.tabIndex >= 0 && isRendered(el) && !el.closest('[inert]');
}

// The page as a whole (a missing banner, a missing link): suppressible on <html> or <body>.
function describePage() {
  const html = document.documentElement;
  const open = (html.outerHTML || '').slice(0, (html.outerHTML || '').indexOf('>') + 1);
  const ignore = ignoreCodes(html).concat(document.body ? ignoreCodes(document.body) : []);
  return { selector: 'html', snippet: open.slice(0, MAX_SNIPPET), text: '', ignore: Array.from(new Set(ignore)) };
}

function regionOf(el) {
  const r = el.closest('header, footer, nav, main, aside, [role=banner], [role=contentinfo], [role=navigation], [role=main], [role=complementary]');
  if (!r) return 'body';
  const role = r.getAttribute('role');
  return role || r.localName;
}
