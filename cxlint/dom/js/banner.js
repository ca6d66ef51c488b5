// The USWDS-style federal banner: the official-site text, the flag, the "Here's how you
// know" disclosure revealing the .gov and HTTPS explanations, and first on the page.
const texts = args.texts.map((t) => norm(t).toLowerCase());
const actions = args.actions.map((t) => norm(t).toLowerCase());
const body = document.body;
if (!body) return { found: false };

let textEl = null;
for (const el of body.querySelectorAll('*')) {
  if (['script', 'style', 'template', 'noscript'].includes(el.localName)) continue;
  const t = norm(el.textContent).toLowerCase();
  if (!texts.some((x) => t.includes(x))) continue;
  textEl = el;  // document order visits ancestors first; keep descending to the deepest match
}
if (!textEl) return { found: false };

// The banner block: the highest ancestor that is still banner-sized and holds no page content.
let container = textEl;
for (let node = textEl.parentElement; node && node !== body && node !== document.documentElement; node = node.parentElement) {
  if (node.querySelector('main, [role=main], h1, nav, form, footer')) break;
  if (norm(node.textContent).length > 1500) break;
  container = node;
}
const usa = textEl.closest('.usa-banner, usa-banner');
if (usa && usa.contains(container) === false && usa.contains(textEl)) container = usa;

const controls = Array.from(container.querySelectorAll('button, summary, [role=button], a[href], [aria-expanded]'));
const disclosure = controls.find((c) => actions.some((a) => norm(accName(c)).toLowerCase().includes(a)));
let reveals = false;
if (disclosure) {
  let region = null;
  const ctl = disclosure.getAttribute('aria-controls');
  if (ctl) region = document.getElementById(ctl.split(/\s+/)[0]);
  if (!region && disclosure.localName === 'summary') region = disclosure.parentElement;
  if (!region) region = container;
  const t = norm(region.textContent).toLowerCase();
  reveals = t.includes('.gov') && t.includes('https');
}
const flag = Array.from(container.querySelectorAll('img, svg, [role=img], picture')).find((f) => {
  const meta = [f.getAttribute('src'), f.getAttribute('alt'), f.getAttribute('class'), f.getAttribute('aria-label'), f.getAttribute('srcset')].join(' ').toLowerCase();
  return /flag|bandera|\bu\.?s\.?\b|united states/.test(meta);
});

// What a sighted user meets before the banner: visible content that is not a skip link.
let before = null;
const walker = document.createTreeWalker(body, NodeFilter.SHOW_ELEMENT);
for (let el = walker.nextNode(); el; el = walker.nextNode()) {
  if (el === container) break;
  if (el.contains(container)) continue;
  if (['script', 'style', 'template', 'noscript', 'link', 'meta'].includes(el.localName)) continue;
  const media = ['img', 'svg', 'video', 'canvas', 'iframe', 'input', 'button', 'select', 'textarea', 'object', 'embed'].includes(el.localName);
  const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!media && !ownText) continue;
  if (!isVisible(el)) continue;
  const link = el.closest('a[href]');
  if (link && (link.getAttribute('href') || '').startsWith('#') && /skip|jump|saltar|ir al/i.test(accName(link))) continue;
  before = el;
  break;
}

return {
  found: true,
  banner: describe(container),
  has_flag: !!flag,
  has_disclosure: !!disclosure,
  disclosure: disclosure ? describe(disclosure) : null,
  reveals,
  before: before ? describe(before) : null,
  visible: isVisible(textEl),
};
