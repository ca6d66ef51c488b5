// Tables used for layout, and data tables with no header cells at all (axe-core's td-has-header
// is experimental and off by default; axe's layout-table rule no longer exists).
const out = { layout: [], headerless: [] };
const layoutEls = [];
for (const t of document.querySelectorAll('table')) {
  const role = (t.getAttribute('role') || '').trim().toLowerCase();
  if (role === 'presentation' || role === 'none' || isHidden(t)) continue;
  const own = (sel) => Array.from(t.querySelectorAll(sel)).filter((x) => x.closest('table') === t);
  const rows = own('tr');
  const headers = own('th, [role=columnheader], [role=rowheader]');
  const signals = [];
  if (t.querySelector('table')) signals.push('nested table');
  if (t.querySelector('h1, h2, h3, h4, h5, h6, [role=heading]')) signals.push('headings');
  if (t.querySelector('form')) signals.push('a form');
  if (t.querySelector('nav, main, header, footer, aside')) signals.push('page regions');
  if (signals.length && !headers.length && !t.querySelector('caption')) {
    // One finding per layout: tables nested in a reported one are part of the same layout.
    if (out.layout.length < args.max && !layoutEls.some((o) => o.contains(t))) {
      layoutEls.push(t);
      out.layout.push(describe(t, { data: { signals, rows: rows.length } }));
    }
    continue;
  }
  if (signals.length || headers.length) continue;
  // Data: at least 2 rows with at least 2 non-empty cells each.
  const dataRows = rows.filter((r) => Array.from(r.cells).filter((c) => norm(c.textContent)).length >= 2);
  if (dataRows.length >= 2 && isVisible(t) && out.headerless.length < args.max) {
    const cols = Math.max(...dataRows.map((r) => r.cells.length));
    out.headerless.push(describe(t, { data: { rows: dataRows.length, cols, caption: !!t.querySelector('caption') } }));
  }
}
return out;
