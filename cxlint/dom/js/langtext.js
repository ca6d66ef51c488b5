// Text for language identification: the main content, and longer blocks with the language
// each inherits from the nearest lang attribute.
function langOf(el) {
  const l = el.closest('[lang]');
  return l ? (l.getAttribute('lang') || '').trim() : '';
}
const main = document.querySelector('main, [role=main]') || document.body;
const blocks = [];
for (const el of (main ? main.querySelectorAll('p, li, blockquote, dd, td, figcaption') : [])) {
  if (blocks.length >= args.max_blocks) break;
  if (el.querySelector('p, li, blockquote, dd, td, ul, ol, table')) continue;
  const text = norm(el.innerText);
  if (text.split(' ').length < args.min_words || !isVisible(el)) continue;
  blocks.push(describe(el, { full: text.slice(0, 2000), lang: langOf(el) }));
}
return {
  page_lang: (document.documentElement.getAttribute('lang') || '').trim(),
  text: main ? norm(main.innerText).slice(0, 20000) : '',
  blocks,
};
