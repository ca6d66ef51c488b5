// Marks elements that only computed styles reveal as hidden (display: none, visibility:
// hidden), so the text engine, which reads the serialised DOM, never judges text nobody
// sees. Returns how many it marked; unmark_rendering.js removes the marks again.
() => {
  let n = 0;
  if (!document.body) return 0;
  for (const el of document.body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    if (cs.display === "none" || cs.visibility === "hidden" || cs.visibility === "collapse") {
      el.setAttribute("data-cxlint-hidden", "");
      n++;
    }
  }
  return n;
}
