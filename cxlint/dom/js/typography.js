// Very small text and justified text: measured on elements that hold visible text themselves.
const out = { small: [], justified: [] };
const seenJust = new Set();
for (const el of document.body ? document.body.querySelectorAll('*') : []) {
  if (['script', 'style', 'noscript', 'template', 'option'].includes(el.localName)) continue;
  let own = '';
  for (const n of el.childNodes) if (n.nodeType === 3) own += n.textContent;
  own = norm(own);
  if (own.length < 2) continue;
  const cs = getComputedStyle(el);
  if (!isVisible(el)) continue;
  const size = parseFloat(cs.fontSize);
  if (args.small && size < args.min_px && out.small.length < args.max && !out.small.some((s) => s.el.contains(el))) {
    out.small.push({ el, size });
  }
  if (args.justified && cs.textAlign === 'justify' && own.length >= args.min_justified_chars) {
    const block = el.closest('p, li, div, td, blockquote, section, article') || el;
    if (!seenJust.has(block) && out.justified.length < args.max) { seenJust.add(block); out.justified.push({ el: block }); }
  }
}
return {
  small: out.small.map((s) => describe(s.el, { data: { font_size_px: Math.round(s.size * 100) / 100 } })),
  justified: out.justified.map((s) => describe(s.el)),
};
