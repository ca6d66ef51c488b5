// Declarative rules: every dom-query rule of the page in one pass.
// args.rules: [{code, selector, exclude, mode, any, all, none, if_present, max}]
const regexCache = new Map();
function rx(src) {
  if (!regexCache.has(src)) regexCache.set(src, new RegExp(src, 'i'));
  return regexCache.get(src);
}

function holds(el, c) {
  if (c.visible !== undefined && c.visible !== null && isVisible(el) !== c.visible) return false;
  if (c.has_label !== undefined && c.has_label !== null && hasRealLabel(el) !== c.has_label) return false;
  if (c.name != null && !rx(c.name).test(accName(el))) return false;
  if (c.href != null && !rx(c.href).test(el.getAttribute('href') || '')) return false;
  if (c.text != null && !rx(c.text).test(norm(el.textContent))) return false;
  if (c.min_length != null && norm(el.textContent).length < c.min_length) return false;
  if (c.context != null) {
    const ctx = [accName(el), accDescription(el), trailingText(el, 80)].join(' ');
    if (!rx(c.context).test(ctx)) return false;
  }
  if (c.attr) {
    for (const [name, pattern] of Object.entries(c.attr)) {
      const v = el.getAttribute(name);
      if (v === null || !rx(pattern).test(v)) return false;
    }
  }
  return true;
}

function selected(el, r) {
  if (r.exclude && (el.matches(r.exclude) || el.closest(r.exclude))) return false;
  if (r.all && r.all.length && !r.all.every((c) => holds(el, c))) return false;
  if (r.any && r.any.length && !r.any.some((c) => holds(el, c))) return false;
  if (r.none && r.none.length && r.none.some((c) => holds(el, c))) return false;
  return true;
}

const results = {};
for (const r of args.rules) {
  try {
    if (r.if_present && !document.querySelector(r.if_present)) { results[r.code] = { applies: false }; continue; }
    const hits = [];
    let count = 0;
    for (const el of document.querySelectorAll(r.selector)) {
      if (!selected(el, r)) continue;
      count++;
      if (r.mode === 'forbid' && hits.length < r.max) hits.push(describe(el, { name: accName(el).slice(0, 200) }));
      if (r.mode === 'require' && count >= r.min_count) break;
    }
    results[r.code] = { applies: true, count, hits, page: describePage() };
  } catch (e) {
    results[r.code] = { error: String(e && e.message || e).slice(0, 300) };
  }
}
return results;
