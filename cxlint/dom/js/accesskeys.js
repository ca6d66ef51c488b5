// Accesskeys that take over a browser shortcut (duplicates are axe-core's "accesskeys" rule).
const reserved = new Set(args.reserved);
const out = [];
for (const el of document.querySelectorAll('[accesskey]')) {
  const keys = (el.getAttribute('accesskey') || '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  const key = keys.find((k) => reserved.has(k));
  if (key && !isHidden(el)) out.push(describe(el, { data: { key } }));
}
return out.slice(0, 30);
