// Inline suppression markers of one document, and which of them cover each element asked about.
// See cxlint/findings/suppress.py for the meaning; this only measures the page.
(args) => {
  const MAX_MARKERS = 500;
  const cssIdent = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/[^\w-]/g, '\\$&'));
  const uniqueId = (el) => {
    if (!el.id) return null;
    const sel = '#' + cssIdent(el.id);
    try { return el.getRootNode().querySelectorAll(sel).length === 1 ? sel : null; } catch (e) { return null; }
  };
  const cssPath = (el) => {
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1) {
      const id = uniqueId(node);
      if (id) { parts.unshift(id); break; }
      const tag = node.localName;
      if (tag === 'html' || tag === 'body') { parts.unshift(tag); if (tag === 'html') break; node = node.parentElement; continue; }
      let idx = 1, more = false, sib = node.previousElementSibling;
      while (sib) { if (sib.localName === tag) idx++; sib = sib.previousElementSibling; }
      sib = node.nextElementSibling;
      while (sib && !more) { if (sib.localName === tag) more = true; sib = sib.nextElementSibling; }
      parts.unshift(idx > 1 || more ? `${tag}:nth-of-type(${idx})` : tag);
      node = node.parentElement;
    }
    return parts.join(' > ');
  };
  const openTag = (el) => { const h = el.outerHTML || ''; const i = h.indexOf('>'); return (i >= 0 ? h.slice(0, i + 1) : h).slice(0, 300); };
  const split = (v) => String(v || '').split(/[\s,]+/).filter(Boolean);

  // Every root to search: the document and open shadow roots inside it.
  const roots = [document];
  for (let i = 0; i < roots.length && roots.length < 200; i++) {
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  const markers = [];
  const attrEls = new Map();
  for (const root of roots) {
    for (const el of root.querySelectorAll('[data-cxlint-ignore]')) {
      if (markers.length >= MAX_MARKERS) break;
      const id = 'a' + markers.length;
      attrEls.set(el, id);
      markers.push({ id, kind: 'attribute', tokens: split(el.getAttribute('data-cxlint-ignore')), selector: cssPath(el), snippet: openTag(el) });
    }
  }
  // Comment ranges, in document order.
  const ranges = [];
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
  const open = [];
  let node;
  while ((node = walker.nextNode()) && ranges.length < MAX_MARKERS) {
    const m = /^\s*cxlint-(disable|enable)\b([\s\S]*)$/.exec(node.data || '');
    if (!m) continue;
    const tokens = split(m[2]);
    if (m[1] === 'disable') {
      const near = node.nextElementSibling || node.parentElement;
      const r = { id: 'c' + ranges.length, start: node, end: null, tokens };
      ranges.push(r); open.push(r);
      markers.push({ id: r.id, kind: 'comment', tokens, selector: near ? cssPath(near) : '', snippet: `<!--${(node.data || '').slice(0, 200)}-->` });
    } else {
      const key = tokens.map((t) => t.toLowerCase()).sort().join(' ');
      for (let i = open.length - 1; i >= 0; i--) {
        const k = open[i].tokens.map((t) => t.toLowerCase()).sort().join(' ');
        if (!tokens.length || k === key) { open[i].end = node; open.splice(i, 1); }
      }
    }
  }

  const resolve = (sel) => {
    if (!sel || sel === 'html' || sel === ':root') return null;
    let scope = document, el = null;
    for (const part of String(sel).split(' >>> ')) {
      try { el = scope.querySelector(part); } catch (e) { return undefined; }
      if (!el) return undefined;
      scope = el.shadowRoot || el;
    }
    return el;
  };
  const topHost = (el) => { let n = el; while (n && n.getRootNode() !== document && n.getRootNode().host) n = n.getRootNode().host; return n; };
  const pageLevel = [document.documentElement, document.body].filter(Boolean);
  if (!markers.length) return { markers, covers: [] };
  const covers = (args.selectors || []).map((sel) => {
    const el = resolve(sel);
    const out = [];
    if (el === undefined) return out; // an element that is gone: nothing can be said
    const targets = el === null ? pageLevel : [el];
    for (const t of targets) {
      let n = t;
      while (n && n.nodeType === 1) {
        if (attrEls.has(n)) out.push(attrEls.get(n));
        n = n.parentElement || (n.getRootNode && n.getRootNode().host) || null;
      }
    }
    if (el) {
      const anchor = topHost(el);
      for (const r of ranges) {
        const after = r.start.compareDocumentPosition(anchor) & Node.DOCUMENT_POSITION_FOLLOWING;
        const before = !r.end || (r.end.compareDocumentPosition(anchor) & Node.DOCUMENT_POSITION_PRECEDING);
        if (after && before) out.push(r.id);
      }
    }
    return Array.from(new Set(out));
  });
  return { markers, covers };
}
