// Returns a short, stable CSS selector for an element: an id when it is unique,
// else a tag:nth-of-type chain up to the nearest uniquely identified ancestor.
(el) => {
  const esc = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/[^\w-]/g, "\\$&"));
  const parts = [];
  let node = el;
  while (node && node.nodeType === 1 && parts.length < 12) {
    const doc = node.ownerDocument;
    if (node.id && doc.querySelectorAll("#" + esc(node.id)).length === 1) {
      parts.unshift("#" + esc(node.id));
      break;
    }
    const tag = node.localName;
    if (tag === "html" || tag === "body") { parts.unshift(tag); if (tag === "html") break; node = node.parentElement; continue; }
    let idx = 1;
    let sib = node.previousElementSibling;
    while (sib) { if (sib.localName === tag) idx++; sib = sib.previousElementSibling; }
    let same = idx > 1;
    sib = node.nextElementSibling;
    while (!same && sib) { if (sib.localName === tag) same = true; sib = sib.nextElementSibling; }
    parts.unshift(same ? `${tag}:nth-of-type(${idx})` : tag);
    node = node.parentElement;
  }
  return parts.join(" > ");
}
