// Describe elements found earlier by selector, keeping only the outermost of nested ones.
const pairs = [];
for (const s of args.selectors) {
  const el = document.querySelector(s);
  if (el && !pairs.some((p) => p.el === el)) pairs.push({ el, s });
}
const outer = pairs.filter((p) => !pairs.some((o) => o.el !== p.el && o.el.contains(p.el)));
return outer.map((p) => Object.assign(describe(p.el), { key: p.s }));
