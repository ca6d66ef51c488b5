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
// What follows a line as text follows a heading: its next sibling element or text, else, when
// the line is all its wrapper holds (<div><font size=5><p>Title</p></font></div>), what follows
// that wrapper, up to three wrappers out.
function nextContent(el) {
  let n = el;
  for (let depth = 0; n && depth < 4; depth++) {
    for (let sib = n.nextSibling; sib; sib = sib.nextSibling) {
      if (sib.nodeType === 1) return sib.textContent;
      if (sib.nodeType === 3 && norm(sib.nodeValue)) return sib.nodeValue;
    }
    const p = n.parentElement;
    if (!p || p === document.body || p.children.length !== 1 || norm(p.textContent) !== norm(n.textContent)) return '';
    n = p;
  }
  return '';
}
// A table with header cells, a caption or a table role holds data: its cells are not headings.
// Tables used for layout (the old way of building pages) are read like any other container.
function inDataTable(el) {
  for (let t = el.closest('table'); t; t = t.parentElement && t.parentElement.closest('table')) {
    if (t.querySelector(':scope > caption, :scope > thead, :scope > tbody > tr > th, :scope > tr > th') || t.hasAttribute('summary')
      || ['table', 'grid', 'treegrid'].includes(t.getAttribute('role'))) return true;
  }
  return false;
}
const out = [];
const skip = 'h1,h2,h3,h4,h5,h6,[role=heading],a,button,label,legend,caption,th,dt,summary,nav,header,footer,li,figcaption,blockquote,form,[role=navigation],[role=banner],[role=contentinfo],[role=button]';
for (const el of document.querySelectorAll('p, div')) {
  if (out.length >= args.max) break;
  if (el.closest(skip) || inDataTable(el)) continue;
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
  const following = norm(nextContent(el));
  if (!following || wordCount(following) <= wordCount(text)) continue;
  out.push(describe(el, { data: { font_size_px: size, base_px: base, bold, numbered: isNumbered } }));
}
return out;
