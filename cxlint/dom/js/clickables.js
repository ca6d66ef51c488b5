// Called with `el` bound to an element that has a click-type listener: is it one that
// keyboard users cannot reach? Not focusable, no interactive element inside or around.
const INTERACTIVE = 'a[href], button, input, select, textarea, summary, label, [tabindex], [contenteditable=""], [contenteditable=true], audio[controls], video[controls], iframe';
if (el.nodeType !== 1 || ['html', 'body', 'script', 'style'].includes(el.localName)) return null;
if (el.closest('svg') && el.localName !== 'svg') return null;
if (el.matches(INTERACTIVE) || el.closest(INTERACTIVE) || el.querySelector(INTERACTIVE)) return null;
if (!isVisible(el)) return null;
return describe(el, { data: { role: el.getAttribute('role') || '', tag: el.localName } });
