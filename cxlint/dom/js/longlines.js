// Line length (1.4.8): characters on the widest rendered line of each paragraph, estimated
// from the text's length and the widths of its line boxes.
const out = [];
for (const p of document.querySelectorAll('p')) {
  if (out.length >= args.max) break;
  const text = norm(p.textContent);
  if (text.length <= args.max_chars || !isVisible(p)) continue;
  if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(text)) continue;
  const range = document.createRange();
  range.selectNodeContents(p);
  const lines = [];
  for (const r of range.getClientRects()) {
    if (r.width < 1 || r.height < 1) continue;
    const mid = r.top + r.height / 2;
    const line = lines.find((l) => mid > l.top && mid < l.bottom);
    if (line) { line.left = Math.min(line.left, r.left); line.right = Math.max(line.right, r.right); }
    else lines.push({ top: r.top, bottom: r.bottom, left: r.left, right: r.right });
  }
  const widths = lines.map((l) => l.right - l.left);
  const total = widths.reduce((a, b) => a + b, 0);
  if (!total) continue;
  const chars = Math.round(text.length * Math.max(...widths) / total);
  if (chars > args.max_chars) out.push(describe(p, { data: { chars_per_line: chars, lines: lines.length, width_px: Math.round(Math.max(...widths)) } }));
}
return out;
