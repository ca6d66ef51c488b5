// Heading structure beyond axe-core: long main content with no headings at all, and a page
// whose first heading is deeper than h2 (axe's heading-order compares each heading only with
// the one before it, so the first heading of a page can be any level).
function level(h) {
  const m = /^h([1-6])$/.exec(h.localName);
  const aria = parseInt(h.getAttribute('aria-level'), 10);
  if (h.getAttribute('role') === 'heading') return aria > 0 ? aria : (m ? parseInt(m[1], 10) : 2);
  return m ? parseInt(m[1], 10) : 2;
}
const all = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'))
  .filter((h) => !isHidden(h) && norm(h.textContent) && !['presentation', 'none'].includes(h.getAttribute('role')));
const main = document.querySelector('main, [role=main]');
const scope = main || document.body;
const out = [];
if (scope) {
  const words = norm(scope.innerText).split(' ').filter((w) => /\w/.test(w)).length;
  const inside = all.filter((h) => scope.contains(h));
  if (words >= args.min_words && inside.length === 0) {
    out.push(Object.assign(main ? describe(main) : describePage(), { data: { problem: 'no-headings', words, landmark: !!main } }));
  }
}
if (all.length && level(all[0]) > 2) {
  out.push(describe(all[0], { data: { problem: 'starts-deep', level: level(all[0]) } }));
}
return out;
