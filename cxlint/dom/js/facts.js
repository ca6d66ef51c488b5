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
};
