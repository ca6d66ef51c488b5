// Short standalone lines that look like headings but are not marked up as headings: styled
// large or bold, numbered like a section ("§ 39.3 Definitions.", "101.1 Policy", "1. Who must
// follow this chapter?"), or a whole-line bold question. The section-label pattern comes from
// cxlint/text/headings.py (args.label, args.strong_label), so the text engine agrees.
function px(el) { return parseFloat(getComputedStyle(el).fontSize) || 16; }
const label = new RegExp(args.label, 'i');
const strongLabel = new RegExp(args.strong_label, 'i');
const innerBoundary = /[.!?]["”’)]*\s+\S/;
function wordCount(s) { return (s.match(/[A-Za-z0-9]+/g) || []).length; }
function numbered(text) {
  const m = label.exec(text);
  if (!m || m[0].length === text.length) return false;
  const title = text.slice(m[0].length);
  const words = wordCount(title);
  if (!words || words > args.max_title_words || innerBoundary.test(title)) return false;
  const end = title.replace(/["”’)]+$/, '').slice(-1);
  if (end === '?') return true;
  if (end === ',' || end === ';') return false;
  if (end === '.') return strongLabel.test(text) && words <= args.max_plain_words;
  return words <= args.max_plain_words;
}
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
  const isNumbered = numbered(text);
  if (text.length < 3 || text.length > (isNumbered ? args.max_chars * 2.5 : args.max_chars)) continue;
  if (!isVisible(el)) continue;
  // The whole line must carry the style, so look at the element holding the text.
  let styled = el;
  if (el.children.length === 1 && norm(el.children[0].textContent) === text) styled = el.children[0];
  const cs = getComputedStyle(styled);
  const size = parseFloat(cs.fontSize) || base;
  const bold = parseInt(cs.fontWeight, 10) >= 600;
  const big = size >= base * args.size_ratio;
  const styledHeading = !/[.,;:!?]$/.test(text) && (big || (bold && size >= base * args.bold_size_ratio));
  const boldQuestion = bold && /\?$/.test(text) && wordCount(text) <= args.max_plain_words;
  if (!(isNumbered || styledHeading || boldQuestion)) continue;
  const next = el.nextElementSibling;
  if (!next || wordCount(norm(next.textContent)) <= wordCount(text)) continue;
  out.push(describe(el, { data: { font_size_px: size, base_px: base, bold, numbered: isNumbered } }));
}
return out;
