// Runs of paragraphs (or <br>-separated lines) that start with bullets or numbers but are
// not marked up as a list.
const BULLET = /^([•·▪■◦‣●○►▸✓✔\-–—*])\s+\S/;
const NUMBER = /^(\d{1,3})[.)]\s+\S/;
function marker(text) {
  let m = BULLET.exec(text);
  if (m) return { kind: 'bullet', mark: m[1] };
  m = NUMBER.exec(text);
  if (m) return { kind: 'number', n: parseInt(m[1], 10) };
  return null;
}
function follows(prev, cur) {
  if (!prev || !cur || prev.kind !== cur.kind) return false;
  return cur.kind === 'bullet' ? prev.mark === cur.mark : cur.n === prev.n + 1;
}
const skip = 'li, pre, code, script, style, textarea, [role=list], [role=listitem], nav';
const out = [];
const seen = new Set();
// 1. Sibling blocks.
for (const el of document.querySelectorAll('p, div')) {
  if (out.length >= args.max) break;
  if (seen.has(el) || el.closest(skip) || (el.localName === 'div' && el.querySelector('p, div, ul, ol, table'))) continue;
  const first = marker(norm(el.textContent));
  if (!first || !isVisible(el)) continue;
  const run = [el];
  let prev = first;
  for (let sib = el.nextElementSibling; sib && sib.localName === el.localName; sib = sib.nextElementSibling) {
    const m = marker(norm(sib.textContent));
    if (!follows(prev, m)) break;
    run.push(sib);
    prev = m;
  }
  if (run.length < args.min_items) continue;
  run.forEach((x) => seen.add(x));
  out.push(describe(el, { data: { items: run.length, kind: first.kind } }));
}
// Lines that each start with the same small image (a bullet drawn as a GIF): the image's src
// is the marker.
function imageBullets(el) {
  const lines = [[]];
  for (const n of el.childNodes) {
    if (n.nodeType === 1 && n.localName === 'br') { lines.push([]); continue; }
    if (n.nodeType === 3 && !norm(n.nodeValue)) continue;
    lines[lines.length - 1].push(n);
  }
  let best = 0, run = 0, prev = null;
  for (const line of lines) {
    const first = line[0];
    let mark = null;
    if (first && first.nodeType === 1 && first.localName === 'img' && line.length > 1) {
      const r = first.getBoundingClientRect();
      if (r.width > 0 && r.width <= 24 && r.height <= 24) mark = first.getAttribute('src');
    }
    run = mark && (run === 0 || mark === prev) ? run + 1 : (mark ? 1 : 0);
    prev = mark;
    best = Math.max(best, run);
  }
  return best;
}
// 2. Lines inside one block, split by <br>.
for (const el of document.querySelectorAll('p, div, td, span')) {
  if (out.length >= args.max) break;
  if (seen.has(el) || el.closest(skip) || !el.querySelector(':scope > br') || !isVisible(el)) continue;
  const lines = (el.innerText || '').split('\n').map(norm).filter(Boolean);
  let best = 0;
  let run = 0;
  let prev = null;
  for (const line of lines) {
    const m = marker(line);
    run = m && (run === 0 || follows(prev, m)) ? run + 1 : (m ? 1 : 0);
    prev = m;
    best = Math.max(best, run);
  }
  if (best >= args.min_items) { seen.add(el); out.push(describe(el, { data: { items: best, kind: 'lines' } })); continue; }
  const images = imageBullets(el);
  if (images >= args.min_items) { seen.add(el); out.push(describe(el, { data: { items: images, kind: 'image bullets' } })); }
}
return out;
