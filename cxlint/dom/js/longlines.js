// Line length (1.4.8): characters on the widest rendered line of each paragraph, counted
// exactly: every character's box is measured and characters are grouped by the line they sit on.
const out = [];
const range = document.createRange();
for (const p of document.querySelectorAll('p')) {
  if (out.length >= args.max) break;
  const text = norm(p.textContent);
  if (text.length <= args.max_chars || text.length > 20000 || !isVisible(p)) continue;
  if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(text)) continue;
  const lines = [];
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const s = node.textContent;
    for (let i = 0; i < s.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (!r || r.height === 0) continue;
      const space = /\s/.test(s[i]);
      const mid = r.top + r.height / 2;
      let line = lines.find((l) => mid > l.top && mid < l.bottom);
      if (!line) {
        if (space) continue;
        line = { top: r.top, bottom: r.bottom, n: 0, space: false };
        lines.push(line);
      }
      // A run of white space in the source renders as one space.
      if (space && line.space) continue;
      line.n++;
      line.space = space;
    }
  }
  const chars = lines.length ? Math.max(...lines.map((l) => l.n)) : 0;
  if (chars > args.max_chars) out.push(describe(p, { data: { chars_per_line: chars, lines: lines.length } }));
}
return out;
