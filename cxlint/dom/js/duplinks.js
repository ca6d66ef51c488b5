// An image link and a text link side by side that go to the same place (H2): two Tab stops
// and the same destination announced twice.
const links = Array.from(document.querySelectorAll('a[href]')).filter((a) => isRendered(a) && !isHidden(a));
const imageOnly = (a) => !norm(a.textContent) && !!a.querySelector('img, svg, [role=img]');
const out = [];
for (let i = 1; i < links.length && out.length < args.max; i++) {
  const a = links[i - 1], b = links[i];
  if (a.href !== b.href || a.contains(b) || b.contains(a)) continue;
  if (imageOnly(a) === imageOnly(b)) continue;
  const between = document.createRange();
  between.setStartAfter(a);
  between.setEndBefore(b);
  if (norm(between.toString()).replace(/[|·•,\-–—]/g, '').trim()) continue;
  if (between.cloneContents().querySelector('a, button, input, select, textarea, img')) continue;
  const img = imageOnly(a) ? a : b;
  out.push(describe(img, { data: { href: a.getAttribute('href'), text_link: cssPath(imageOnly(a) ? b : a) } }));
}
return out;
