// Required fields must say so in text people can see: "(required)", or an asterisk the page
// explains ("* means required"), or the convention of marking the optional ones instead.
// Colour alone, or an unexplained asterisk, fails. Read-only.
const STAR_LEGEND_RE = /(\*|asterisk)[^.]{0,80}\b(required|mandatory|must)\b|\b(required|mandatory)\b[^.]{0,80}(\*|asterisk)/i;
const ALL_REQUIRED_RE = /\ball (fields|questions|information) (are|is) (required|mandatory)|(required|mandatory) unless (marked|labell?ed) (as )?optional/i;
const REQUIRED_WORD_RE = /\brequired\b|\bmandatory\b|\(req\.?\)/i;
const OPTIONAL_RE = /\boptional\b/i;
const SKIP_TYPES = ['hidden', 'submit', 'button', 'reset', 'image'];

function visibleLabel(el) {
  // The text a sighted user reads for the field: its <label>s, or the group's legend.
  let t = '';
  if (el.labels) for (const l of el.labels) if (isRendered(l)) t += ' ' + (l.innerText || l.textContent);
  if (!norm(t)) t = idrefText(el, 'aria-labelledby');
  if (el.type === 'radio' || el.type === 'checkbox') {
    const fs = el.closest('fieldset');
    const lg = fs && fs.querySelector('legend');
    if (lg) t = (lg.innerText || lg.textContent) + ' ' + t;
  }
  return norm(t);
}
function labelEl(el) {
  if (el.labels && el.labels.length) return el.labels[0];
  const fs = el.closest('fieldset');
  return fs ? fs.querySelector('legend') : null;
}
// The text between the previous form and this one: where a form's instructions are written.
function instructionsBefore(form) {
  let t = '';
  let node = form;
  for (let i = 0; node && i < 4; i++, node = node.parentElement) {
    let sib = node.previousElementSibling;
    for (let j = 0; sib && j < 6; j++, sib = sib.previousElementSibling) {
      if (sib.matches('form') || sib.querySelector('form')) return t;
      t += ' ' + (sib.innerText || '');
    }
  }
  return t;
}
const out = [];
const pageText = norm(document.body ? document.body.innerText : '');
const starExplained = STAR_LEGEND_RE.test(pageText);
for (const form of Array.from(document.forms)) {
  if (!isRendered(form) || form.matches('[role=search], .usa-search') || form.closest('[role=search], .usa-search')) continue;
  const fields = Array.from(form.elements || []).filter((el) => ['input', 'select', 'textarea'].includes(el.localName)
    && !SKIP_TYPES.includes((el.getAttribute('type') || '').toLowerCase()) && !el.disabled && isRendered(el));
  const seenGroups = new Set();
  const items = [];
  for (const el of fields) {
    if ((el.type === 'radio' || el.type === 'checkbox') && el.name) {
      if (seenGroups.has(el.name)) continue;
      seenGroups.add(el.name);
    }
    const label = visibleLabel(el);
    const required = el.required || el.getAttribute('aria-required') === 'true';
    const star = /\*/.test(label);
    items.push({ el, label, required: required || star, programmatic: required, star,
      word: REQUIRED_WORD_RE.test(label) || REQUIRED_WORD_RE.test(idrefText(el, 'aria-describedby')),
      optional: OPTIONAL_RE.test(label) || OPTIONAL_RE.test(idrefText(el, 'aria-describedby')) });
  }
  if (items.length < 2) continue;
  const formText = norm(form.innerText || '');
  const around = instructionsBefore(form);
  const optionalConvention = items.some((i) => i.optional) || ALL_REQUIRED_RE.test(formText + ' ' + around);
  const notRequired = items.filter((i) => !i.required && !i.optional);
  for (const it of items) {
    if (!it.required || it.word || out.length >= args.max) continue;
    let why = null;
    let review = false;
    if (it.star) {
      if (!starExplained) why = 'asterisk';
    } else if (!optionalConvention) {
      // Nothing in the text: is it set apart by colour alone, or not at all?
      const mine = labelEl(it.el);
      const other = notRequired.map((i) => labelEl(i.el)).find(Boolean);
      if (mine && other && getComputedStyle(mine).color !== getComputedStyle(other).color) why = 'colour';
      else if (notRequired.length) why = 'unmarked';
    }
    if (!why) continue;
    out.push(describe(labelEl(it.el) && why !== 'unmarked' ? labelEl(it.el) : it.el,
      { data: { why, label: it.label.slice(0, 80), field: cssPath(it.el), review } }));
  }
}
return out;
