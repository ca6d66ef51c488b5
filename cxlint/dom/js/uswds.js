// USWDS adoption signals, as GSA Site Scanning counts them, and where a version may be written.
const inline = Array.from(document.querySelectorAll('style')).map((s) => s.textContent).join('\n').slice(0, 300000);
const sheets = Array.from(document.querySelectorAll('link[rel~="stylesheet" i][href]')).map((l) => l.href);
const scripts = Array.from(document.querySelectorAll('script[src]')).map((s) => s.src);
const html = document.documentElement.outerHTML;
return {
  inline_css: inline,
  stylesheets: sheets.slice(0, 20),
  scripts: scripts.slice(0, 40),
  usa_classes: document.querySelectorAll('[class*="usa-"]').length,
  uswds_in_html: (html.match(/uswds/gi) || []).length,
  banner_element: !!document.querySelector('usa-banner, .usa-banner'),
  origin: location.origin,
};
