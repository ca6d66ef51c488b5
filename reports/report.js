// Progressive enhancement: filters over findings and pages. The report is complete without it.
// It reads only data-* attributes the report wrote itself and only toggles `hidden`: no markup is built.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form || !document.querySelectorAll) return;
  var status = document.getElementById('filter-status');
  var rules = Array.prototype.slice.call(document.querySelectorAll('details[data-rule]'));
  var pages = Array.prototype.slice.call(document.querySelectorAll('li[data-page]'));
  form.hidden = false;

  function apply() {
    var sev = form.elements.severity.value, cat = form.elements.category.value;
    var rule = form.elements.rule.value, page = form.elements.page.value;
    var pageRules = null;
    if (page) {
      var card = document.getElementById('page-' + page);
      pageRules = card ? (' ' + card.getAttribute('data-rules') + ' ') : ' ';
    }
    var shown = 0;
    rules.forEach(function (d) {
      var id = d.getAttribute('data-rule');
      var ok = (!sev || d.getAttribute('data-severity') === sev) &&
        (!cat || d.getAttribute('data-category') === cat) &&
        (!rule || id === rule) &&
        (!pageRules || pageRules.indexOf(' ' + id + ' ') !== -1);
      d.hidden = !ok;
      if (ok) shown++;
      var occs = d.querySelectorAll('li.occ');
      for (var i = 0; i < occs.length; i++) {
        var on = (' ' + occs[i].getAttribute('data-pages') + ' ').indexOf(' ' + page + ' ') !== -1;
        occs[i].hidden = Boolean(page) && !on;
      }
      if (ok && (page || rule)) d.open = true;
    });
    var pagesShown = 0;
    pages.forEach(function (li) {
      var ok = (!page || li.getAttribute('data-page') === page) &&
        (!rule || (' ' + li.getAttribute('data-rules') + ' ').indexOf(' ' + rule + ' ') !== -1);
      li.hidden = !ok;
      if (ok) pagesShown++;
      var chunk = li.closest ? li.closest('details.page-chunk') : null;
      if (ok && page && chunk) chunk.open = true;
    });
    var filtered = sev || cat || rule || page;
    status.textContent = filtered
      ? 'Showing ' + shown + ' of ' + rules.length + ' rules and ' + pagesShown + ' of ' + pages.length + ' pages.'
      : '';
  }
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });

  // Printing shows every rule's details, then puts them back as they were.
  var reopened = [];
  window.addEventListener('beforeprint', function () {
    reopened = Array.prototype.filter.call(document.querySelectorAll('details:not([open])'), function (d) {
      d.open = true; return true;
    });
  });
  window.addEventListener('afterprint', function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });
})();
