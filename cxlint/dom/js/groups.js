// Radio buttons and checkboxes sharing a name, without a named group around them.
const groups = new Map();
for (const el of document.querySelectorAll('input[type=radio][name], input[type=checkbox][name]')) {
  if (!isRendered(el) && !isRendered(el.closest('label') || el)) continue;
  const key = el.type + '\u0000' + (el.form ? Array.from(document.forms).indexOf(el.form) : -1) + '\u0000' + el.name;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(el);
}
function namedGroup(el) {
  for (let node = el.parentElement; node; node = node.parentElement) {
    if (node.localName === 'fieldset') {
      const legend = Array.from(node.children).find((c) => c.localName === 'legend');
      if ((legend && norm(legend.textContent)) || idrefText(node, 'aria-labelledby') || norm(node.getAttribute('aria-label'))) return node;
    }
    const role = node.getAttribute('role');
    if ((role === 'radiogroup' || role === 'group') && (idrefText(node, 'aria-labelledby') || norm(node.getAttribute('aria-label')))) return node;
  }
  return null;
}
const out = [];
for (const members of groups.values()) {
  if (members.length < args.min_size) continue;
  const g = namedGroup(members[0]);
  if (g && members.every((m) => g.contains(m))) continue;
  out.push(describe(members[0], { data: { name: members[0].name, type: members[0].type, size: members.length } }));
}
return out;
