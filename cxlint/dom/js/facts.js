// Page facts for site-level rules and reports: what the page is, not what is wrong with it.
const SEARCH_SELECTOR = args.search_selector;
const metaDesc = document.querySelector('meta[name="description" i]');
const searchForms = Array.from(document.querySelectorAll(SEARCH_SELECTOR));
const searchGov = Array.from(document.querySelectorAll('form[action]')).some((f) => /(^|\/\/|\.)search\.[^./]+\.gov\b|search\.gov\b/i.test(f.getAttribute('action')));
const dapScript = document.querySelector('script#_fed_an_ua_tag, script[src*="Universal-Federated-Analytics" i], script[src*="dap.digitalgov.gov" i]');
let dapParams = '';
if (dapScript && dapScript.src && dapScript.src.includes('?')) dapParams = dapScript.src.split('?')[1].slice(0, 200);

function navSignature() {
  const nav = document.querySelector('nav, [role=navigation]');
  if (!nav) return [];
  return Array.from(nav.querySelectorAll('a[href]')).filter(isRendered).slice(0, 60).map((a) => ({ name: accName(a).slice(0, 80), href: a.href }));
}

function contactLink() {
  const links = Array.from(document.querySelectorAll('a[href]'));
  const re = new RegExp(args.contact_name, 'i');
  const visibleLinks = links.filter(isVisible);
  const idx = visibleLinks.findIndex((a) => re.test(accName(a)));
  if (idx < 0) return null;
  const a = visibleLinks[idx];
  const region = regionOf(a);
  const regionLinks = visibleLinks.filter((l) => regionOf(l) === region);
  return { name: accName(a), href: a.href, region, index: regionLinks.indexOf(a), of: regionLinks.length };
}

// The repeated page chrome an element belongs to: "banner" (the page header) or
// "contentinfo" (the page footer), as HTML-AAM maps header/footer: only when not
// inside article, aside, main, nav or section. Empty for everything else.
const SECTIONING = 'article, aside, main, nav, section, [role=article], [role=complementary], [role=main], [role=navigation], [role=region]';
function chromeRegion(el) {
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const role = (n.getAttribute('role') || '').toLowerCase();
    if (role === 'banner' || role === 'contentinfo') return role;
    if ((n.localName === 'header' || n.localName === 'footer') && !(n.parentElement && n.parentElement.closest(SECTIONING))) {
      return n.localName === 'header' ? 'banner' : 'contentinfo';
    }
  }
  return '';
}

function ownLabel(el) {
  return idrefText(el, 'aria-labelledby') || norm(el.getAttribute('aria-label'));
}

function isCurrent(el) {
  const v = el.getAttribute('aria-current');
  return v !== null && v !== 'false';
}

function itemOf(el) {
  return {
    name: accName(el).slice(0, 120),
    href: el.localName === 'a' || el.localName === 'area' ? el.getAttribute('href') || '' : '',
    tag: el.localName,
    current: isCurrent(el),
    selector: cssPath(el),
  };
}

// Every outermost navigation landmark with its rendered links in order (collapsed menus drop out).
function navs() {
  const all = Array.from(document.querySelectorAll('nav, [role=navigation]'));
  const outer = all.filter((n) => !all.some((o) => o !== n && o.contains(n)));
  return outer.slice(0, 12).map((n) => ({
    label: ownLabel(n).slice(0, 120),
    region: chromeRegion(n),
    selector: cssPath(n),
    links: Array.from(n.querySelectorAll('a[href]')).filter(isRendered).slice(0, 80).map(itemOf),
  }));
}

// Rendered links and buttons of the page header and footer, in document order: where help
// mechanisms sit relative to other content, and how repeated links are named.
function chrome() {
  const out = [];
  for (const el of document.querySelectorAll('a[href], button, input[type=submit], input[type=button], [role=button], [role=link]')) {
    if (out.length >= 300) break;
    const region = chromeRegion(el);
    if (!region || !isRendered(el)) continue;
    out.push(Object.assign(itemOf(el), { region }));
  }
  return out;
}

// Site search forms and how their controls are named (search button "Search" here, "Go" there).
function searchFormFacts() {
  const forms = [];
  for (const el of document.querySelectorAll(SEARCH_SELECTOR)) {
    const form = el.closest('form') || el;
    if (!forms.includes(form)) forms.push(form);
  }
  return forms.slice(0, 10).filter(isRendered).map((f) => {
    const button = f.querySelector('button:not([type]), button[type=submit], input[type=submit], input[type=image]');
    const field = f.matches('input') ? f : f.querySelector('input[type=search], input[type=text], input:not([type])');
    return {
      action: f.getAttribute('action') || '',
      region: chromeRegion(f) || regionOf(f),
      button: button ? accName(button).slice(0, 120) : '',
      field: field ? accName(field).slice(0, 120) : '',
      selector: cssPath(f),
    };
  });
}

// The cross-page facts are extras: one that throws on an odd page must not cost the others.
function guarded(fn, fallback) {
  try { return fn(); } catch (e) { return fallback; }
}

const h1 = document.querySelector('h1');
return {
  title: norm(document.title),
  description: metaDesc ? norm(metaDesc.getAttribute('content')) : null,
  lang: document.documentElement.getAttribute('lang') || '',
  h1: h1 ? norm(h1.textContent).slice(0, 200) : '',
  search: { present: searchForms.length > 0, search_gov: searchGov },
  dap: { present: !!dapScript, parameters: dapParams },
  viewport: (document.querySelector('meta[name="viewport" i]') || { getAttribute: () => null }).getAttribute('content'),
  usa_class_count: document.querySelectorAll('[class*="usa-"]').length,
  nav: navSignature(),
  contact: contactLink(),
  forms: document.forms.length,
  navs: guarded(navs, []),
  chrome: guarded(chrome, []),
  search_forms: guarded(searchFormFacts, []),
};
