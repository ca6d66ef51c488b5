() => {
  for (const el of document.querySelectorAll("[data-cxlint-hidden]")) el.removeAttribute("data-cxlint-hidden");
}
