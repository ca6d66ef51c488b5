// Alternative text that names a file or just says "image", and alt that repeats text right
// next to the image where axe-core's image-redundant-alt does not look (it only compares with
// the image's own link, button, p, li, td or th).
const FILE = /^[^\s/\\]*[\w)-]\.(jpe?g|png|gif|svg|webp|bmp|tiff?|avif|heic|ico)$/i;
const CAMERA = /^(img|dsc|dscn|dcim|pxl|photo|image|screenshot|screen shot)[\s_-]*\d{2,}/i;
const generic = new Set(args.generic.map((g) => g.toLowerCase()));
const vague = new Set(args.vague_button.map((g) => g.toLowerCase()));
const decoration = new Set(args.decoration.map((g) => g.toLowerCase()));
const AXE_PARENT = 'button, [role=button], a[href], p, li, td, th';
const simple = (s) => norm(s).toLowerCase().replace(/[^\p{L}\p{N} ]/gu, '').trim();
// Placeholder text left in (F30): "lorem ipsum", "xxx", or a run of counting digits ("1234 56789").
function isPlaceholder(alt) {
  if (/^(lorem ipsum\b.*|x{3,}|tbd|todo|insert (alt|text|image).*)$/i.test(alt)) return true;
  const digits = alt.replace(/[\s-]/g, '');
  return /^\d{4,}$/.test(digits) && '12345678901234567890'.startsWith(digits);
}
const out = [];
for (const el of document.querySelectorAll('img[alt], input[type=image][alt], area[alt]')) {
  if (out.length >= args.max) break;
  const alt = norm(el.getAttribute('alt'));
  if (!alt && el.localName === 'img' && el.getAttribute('alt') === '' && !el.closest('a[href], button') && !isHidden(el)) {
    // alt="" on a large image in the content: is it really decoration? (a chart, a photo of the story)
    const r = el.getBoundingClientRect();
    if (r.width >= args.large_decorative[0] && r.height >= args.large_decorative[1] && el.getAttribute('role') === null
      && !el.hasAttribute('title')) {
      out.push(describe(el, { data: { alt: '', width: Math.round(r.width), height: Math.round(r.height), problem: 'large-decorative' } }));
    }
    continue;
  }
  if (!alt || isHidden(el)) continue;
  const low = alt.toLowerCase().replace(/[.:!]+$/, '');
  if (FILE.test(alt) || CAMERA.test(alt)) { out.push(describe(el, { data: { alt, problem: 'file-name' } })); continue; }
  if (generic.has(low)) { out.push(describe(el, { data: { alt, problem: 'generic' } })); continue; }
  if (isPlaceholder(alt)) { out.push(describe(el, { data: { alt, problem: 'placeholder' } })); continue; }
  if (decoration.has(low)) { out.push(describe(el, { data: { alt, problem: 'decoration' } })); continue; }
  if (alt.length > args.max_length) { out.push(describe(el, { data: { alt: alt.slice(0, 80) + '…', length: alt.length, problem: 'too-long' } })); continue; }
  // An image button's alt is its name: it must say what the button does.
  if (el.localName === 'input' && vague.has(low)) { out.push(describe(el, { data: { alt, problem: 'vague-button' } })); continue; }
  if (el.localName !== 'img' || el.closest(AXE_PARENT)) continue;
  // Text beside the image: its figure's caption, or the next or previous element's text.
  const fig = el.closest('figure');
  const cap = fig && fig.querySelector('figcaption');
  const near = [cap, el.nextElementSibling, el.previousElementSibling].filter(Boolean);
  const same = near.find((n) => n !== el && simple(n.textContent) && simple(n.textContent) === simple(alt));
  if (same) out.push(describe(el, { data: { alt, problem: 'repeats-text', repeated_in: cssPath(same) } }));
}
// A CSS background image has no alt: when a title is its only text alternative, judge that.
for (const el of document.querySelectorAll('[title]:not(img, input, area, iframe, abbr, a, button, svg *)')) {
  if (out.length >= args.max) break;
  const title = norm(el.getAttribute('title'));
  if (!title || norm(el.textContent) || isHidden(el) || !/url\(/.test(getComputedStyle(el).backgroundImage)) continue;
  const low = title.toLowerCase().replace(/[.:!]+$/, '');
  if (FILE.test(title) || CAMERA.test(title)) out.push(describe(el, { data: { alt: title, problem: 'background-file-name' } }));
  else if (generic.has(low)) out.push(describe(el, { data: { alt: title, problem: 'background-generic' } }));
}
return out;
