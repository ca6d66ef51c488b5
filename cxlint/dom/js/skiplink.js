// Where does sequential focus navigation start? Put a temporary, unfocusable-by-Tab
// anchor at the top of the body and focus it; the next Tab goes to the first stop.
if (args.action === 'start') {
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  window.scrollTo(0, 0);
  const a = document.createElement('span');
  a.tabIndex = -1;
  a.setAttribute('data-cxlint-probe', '');
  document.body.insertBefore(a, document.body.firstChild);
  a.focus({ preventScroll: true });
  return true;
}
if (args.action === 'cleanup') {
  for (const p of document.querySelectorAll('[data-cxlint-probe]')) p.remove();
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  window.scrollTo(0, 0);
  return true;
}
if (args.action === 'active') {
  const el = document.activeElement;
  if (!el || el === document.body || el.hasAttribute('data-cxlint-probe')) return null;
  const href = el.getAttribute('href') || '';
  let target = null;
  let targetSel = null;
  if (href.startsWith('#') && href.length > 1) {
    const id = decodeURIComponent(href.slice(1));
    target = document.getElementById(id) || document.querySelector(`a[name="${cssIdent(id)}"]`);
    targetSel = target ? cssPath(target) : null;
  }
  const main = document.querySelector('main, [role=main]') || document.querySelector('h1');
  return Object.assign(describe(el), { name: accName(el), href, target: targetSel, mainSel: main ? cssPath(main) : null,
    isLink: el.localName === 'a' });
}
if (args.action === 'count-before-main') {
  const main = document.querySelector('main, [role=main]') || document.querySelector('h1');
  if (!main) return -1;
  return Array.from(document.querySelectorAll(FOCUSABLE_SELECTOR)).filter((el) => isTabbable(el)
    && (el.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING) && !main.contains(el)).length;
}
if (args.action === 'blocks') {
  // Bypass Blocks (2.4.1) beyond the first Tab stops: a block of navigation links (most of its
  // text is link text) followed by content must be skippable by a main landmark after it (ARIA11),
  // a heading after it (H69) or a same-page link before it whose target lies after it (G1).
  const HEADING = 'h1, h2, h3, h4, h5, h6, [role=heading]';
  const visible = (el) => isVisible(el) && !isHidden(el);
  const tabbable = Array.from(document.querySelectorAll(FOCUSABLE_SELECTOR)).filter((el) => isTabbable(el) && visible(el));
  const links = tabbable.filter((el) => el.matches('a[href], area[href]'));
  const after = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) && !a.contains(b);
  const headings = Array.from(document.querySelectorAll(HEADING)).filter(visible);
  const mains = Array.from(document.querySelectorAll('main, [role=main]')).filter(visible);
  const landmarks = document.querySelectorAll('main, nav, header, footer, aside, [role=main], [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search], [role=region][aria-label], [role=region][aria-labelledby]');
  const jumps = Array.from(document.querySelectorAll('a[href^="#"]')).map((a) => {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    const t = id && (document.getElementById(id) || document.querySelector(`a[name="${cssIdent(id)}"]`));
    return t ? { a, t } : null;
  }).filter(Boolean);
  // axe-core's bypass rule already reports a page with no heading, landmark or same-page link at all.
  if (!headings.length && !landmarks.length && !jumps.length) return { axe: true };
  // Count links and their text per ancestor in one pass up from each link.
  const count = new Map();
  for (const l of links) {
    const t = norm(l.innerText || '').length;
    for (let a = l.parentElement; a && a !== document.body; a = a.parentElement) {
      const c = count.get(a) || { n: 0, text: 0 };
      c.n += 1; c.text += t;
      count.set(a, c);
    }
  }
  // Words of text outside links, in page order: a block needs a bypass only when most of the
  // page's reading comes after it (a header nav, not a footer one).
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest('a, script, style, noscript') || !isVisible(p)) continue;
    const w = norm(n.nodeValue).split(' ').filter(Boolean).length;
    if (w) texts.push({ n, w });
  }
  const total = texts.reduce((k, t) => k + t.w, 0);
  const wordsAfter = (c) => texts.reduce((k, t) => k + ((c.compareDocumentPosition(t.n) & Node.DOCUMENT_POSITION_FOLLOWING) && !c.contains(t.n) ? t.w : 0), 0);
  const qualifying = [];
  for (const [c, k] of count) {
    if (k.n < args.min_links) continue;
    const all = norm(c.innerText || '').length;
    if (all > 0 && k.text / all < 0.7) continue;
    const rest = wordsAfter(c);
    if (rest < args.min_words || rest < total / 2) continue;  // nothing much to skip to
    qualifying.push(c);
  }
  const outer = qualifying.filter((c) => !qualifying.some((o) => o !== c && o.contains(c)));
  outer.sort((a, b) => (after(a, b) ? -1 : 1));
  for (const block of outer) {
    const bypassed = mains.some((m) => after(block, m))
      || headings.some((h) => after(block, h))
      || jumps.some(({ a, t }) => !block.contains(a) && after(a, block) && after(block, t));
    if (!bypassed) return describe(block, { data: { links: count.get(block).n } });
  }
  return null;
}
if (args.action === 'landed') {
  // After activating the skip link: is focus (or the next Tab stop) at or after the target?
  const target = document.querySelector(args.target);
  const el = document.activeElement;
  if (!target) return false;
  if (el && el !== document.body && (target === el || target.contains(el) || (target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING))) return true;
  return false;
}
if (args.action === 'landed-back') {
  // When nothing tabbable follows the target, Tab after the skip link leaves the page; instead,
  // Shift+Tab from the new focus start point must reach the last Tab stop before the target.
  const target = document.querySelector(args.target);
  if (!target) return false;
  const tabbable = Array.from(document.querySelectorAll(FOCUSABLE_SELECTOR)).filter((e) => isTabbable(e));
  const after = tabbable.filter((e) => target.contains(e) || (target.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
  if (after.length) return false;
  const before = tabbable.filter((e) => e.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
  return before.length > 0 && document.activeElement === before[before.length - 1];
}
return null;
