// Marks what only computed styles reveal, so the text engine, which reads the serialised DOM,
// judges text as it is shown: elements hidden by display: none or visibility: hidden are never
// judged (data-cxlint-hidden), and text set in capitals by text-transform: uppercase is read in
// capitals (data-cxlint-caps="upper", or "none" where a child turns it off again).
// Returns how many it marked; unmark_rendering.js removes the marks again.
() => {
  let n = 0;
  if (!document.body) return 0;
  for (const el of document.body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    if (cs.display === "none" || cs.visibility === "hidden" || cs.visibility === "collapse") {
      el.setAttribute("data-cxlint-hidden", "");
      n++;
      continue;
    }
    const upper = cs.textTransform === "uppercase";
    const parentUpper = el.parentElement && getComputedStyle(el.parentElement).textTransform === "uppercase";
    if (upper !== Boolean(parentUpper)) {
      el.setAttribute("data-cxlint-caps", upper ? "upper" : "none");
      n++;
    }
  }
  return n;
}
