// Whether author script can run in this document: the precondition of the checks' shortcuts
// for pages nothing can change (see cxlint/dom/checks/scriptless.py). Any doubt counts as script.
const DATA_TYPES = ['application/ld+json', 'application/json', 'text/json', 'text/template', 'text/x-template'];
const why = [];
for (const s of document.querySelectorAll('script')) {
  const type = (s.getAttribute('type') || '').trim().toLowerCase();
  if (!DATA_TYPES.includes(type)) { why.push('a script element'); break; }
}
if (document.querySelector('object, embed, applet')) why.push('a plugin element');
if (document.querySelector('meta[http-equiv="refresh" i]')) why.push('a meta refresh');
// Declarative shadow roots are fine without script, but their insides are out of querySelectorAll's
// reach: a handler could hide there.
if (document.querySelector('template[shadowrootmode], template[shadowroot]')) why.push('a declarative shadow root');
const all = document.getElementsByTagName('*');
const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href'];
outer: for (let i = 0; i < all.length && i < 50000; i++) {
  const el = all[i];
  if (el.shadowRoot) { why.push('a shadow root'); break; }
  for (const a of el.attributes) {
    const name = a.name.toLowerCase();
    if (name.startsWith('on')) { why.push('an event handler attribute'); break outer; }
    if (URL_ATTRS.includes(name) && /^\s*javascript:/i.test(a.value)) { why.push('a javascript: URL'); break outer; }
  }
}
if (all.length >= 50000) why.push('too many elements to read');
// Scripts that ran and then removed their own element leave resources behind.
const scripted = performance.getEntriesByType('resource').some((e) => e.initiatorType === 'script' || /\.m?js(\?|#|$)/i.test(e.name) || e.initiatorType === 'xmlhttprequest' || e.initiatorType === 'fetch' || e.initiatorType === 'beacon');
if (scripted) why.push('a script-initiated request');
return { scriptless: why.length === 0, why: why.slice(0, 3) };
