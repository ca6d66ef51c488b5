// Form controls in the same form (and the same fieldset or group) with the same label.
const controls = Array.from(document.querySelectorAll('input, select, textarea')).filter((el) => {
  const type = (el.getAttribute('type') || '').toLowerCase();
  return !['hidden', 'submit', 'reset', 'button', 'image'].includes(type) && !el.disabled && !isHidden(el) && isRendered(el);
});
function groupName(el) {
  const g = el.closest('fieldset, [role=group], [role=radiogroup]');
  if (!g) return '';
  if (g.localName === 'fieldset') { const l = g.querySelector('legend'); return l ? norm(l.textContent) : ''; }
  return accName(g);
}
const seen = new Map();
const out = [];
for (const el of controls) {
  const name = accName(el).toLowerCase();
  if (!name) continue;
  const type = (el.getAttribute('type') || el.localName).toLowerCase();
  const form = el.form || el.closest('form');
  const key = [form ? cssPath(form) : '', groupName(el).toLowerCase(), name].join('\u0000');
  // Radio buttons and checkboxes repeat labels like "Yes" across groups; within one group each differs.
  if ((type === 'radio' || type === 'checkbox') && !groupName(el)) continue;
  if (seen.has(key)) {
    if (out.length < args.max) out.push(describe(el, { data: { label: accName(el), same_as: cssPath(seen.get(key)) } }));
  } else {
    seen.set(key, el);
  }
}
return out;
