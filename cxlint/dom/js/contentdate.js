// Content timeliness: what the page says about when it was published or last changed.
const h1 = document.querySelector('h1');
const metaNames = ['article:modified_time', 'article:published_time', 'og:updated_time', 'dcterms.modified', 'dc.date.modified',
  'dcterms.date', 'dc.date', 'last-modified', 'date'];
let meta = null;
for (const m of document.querySelectorAll('meta[content]')) {
  const key = (m.getAttribute('property') || m.getAttribute('name') || m.getAttribute('itemprop') || '').trim().toLowerCase();
  if (metaNames.includes(key) && norm(m.getAttribute('content'))) { meta = { name: key, content: norm(m.getAttribute('content')).slice(0, 60) }; break; }
}
const re = new RegExp(args.visible, 'i');
const text = document.body ? norm(document.body.innerText) : '';
const m = re.exec(text);
return {
  h1: h1 ? norm(h1.textContent).slice(0, 200) : '',
  article: !!Array.from(document.querySelectorAll('article')).find((a) => isVisible(a)),
  visible: m ? m[0].slice(0, 80) : null,
  meta,
};
