// Page behaviours that must survive Blazor's enhanced navigation (which does not run scripts in the new content):
// on every load and every enhanced load, mount what the page has — the PDF viewer, filterable lists.
(() => {
  const fold = (s) => (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

  const filters = () => {
    for (const input of document.querySelectorAll('input[data-filter-for]')) {
      if (input.dataset.mounted) continue;
      input.dataset.mounted = 'true';
      const list = document.getElementById(input.dataset.filterFor);
      if (!list) continue;
      const apply = () => {
        const q = fold(input.value.trim());
        for (const item of list.querySelectorAll('[data-filter-text]')) {
          const checked = item.querySelector('input:checked');
          item.hidden = q.length > 0 && !checked && !fold(item.dataset.filterText).includes(q);
        }
      };
      input.addEventListener('input', apply);
      apply();
    }
  };

  const mountAll = () => {
    filters();
    const viewer = document.getElementById('pdf-viewer');
    if (viewer && !viewer.dataset.mounted) import('/js/pdf-viewer.js').then((m) => m.mount());
    if (document.querySelector('canvas[data-chart]:not([data-mounted])')) import('/js/statistics-charts.js').then((m) => m.mount());
    if (document.querySelector('form[data-token-sign]:not([data-mounted]), form[data-remote-sign]:not([data-mounted]), form[data-batch-sign]:not([data-mounted]), form[data-token-register]:not([data-mounted])')) import('/js/token-signing.js').then((m) => m.mount());
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
  const hook = () => window.Blazor?.addEventListener?.('enhancedload', mountAll);
  if (window.Blazor) hook(); else window.addEventListener('load', hook);
})();
