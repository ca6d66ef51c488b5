// Short standalone lines styled like headings (large or bold) but not marked up as headings.
function px(el) { return parseFloat(getComputedStyle(el).fontSize) || 16; }
const paras = Array.from(document.querySelectorAll('p')).filter((p) => norm(p.textContent).length > 40 && isVisible(p));
const sizes = paras.map(px).sort((a, b) => a - b);
const base = sizes.length ? sizes[Math.floor(sizes.length / 2)] : (document.body ? px(document.body) : 16);
const out = [];
const skip = 'h1,h2,h3,h4,h5,h6,[role=heading],a,button,label,legend,caption,th,dt,summary,nav,header,footer,li,figcaption,blockquote,table,form,[role=navigation],[role=banner],[role=contentinfo],[role=button]';
for (const el of document.querySelectorAll('p, div')) {
  if (out.length >= args.max) break;
  if (el.closest(skip)) continue;
  if (el.querySelector('p, div, ul, ol, table, h1, h2, h3, h4, h5, h6, img, input, button, select, textarea')) continue;
  const text = norm(el.textContent);
  if (text.length < 3 || text.length > args.max_chars || /[.,;:!?]$/.test(text)) continue;
  if (!isVisible(el)) continue;
  // The whole line must carry the style, so look at the element holding the text.
  let styled = el;
  if (el.children.length === 1 && norm(el.children[0].textContent) === text) styled = el.children[0];
  const cs = getComputedStyle(styled);
  const size = parseFloat(cs.fontSize) || base;
  const bold = parseInt(cs.fontWeight, 10) >= 600;
  const big = size >= base * args.size_ratio;
  if (!(big || (bold && size >= base * args.bold_size_ratio))) continue;
  const next = el.nextElementSibling;
  if (!next || norm(next.textContent).length <= text.length) continue;
  out.push(describe(el, { data: { font_size_px: size, base_px: base, bold } }));
}
return out;
