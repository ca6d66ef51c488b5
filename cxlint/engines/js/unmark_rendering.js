() => {
  for (const el of document.querySelectorAll("[data-cxlint-hidden]")) el.removeAttribute("data-cxlint-hidden");
  for (const el of document.querySelectorAll("[data-cxlint-caps]")) el.removeAttribute("data-cxlint-caps");
}
