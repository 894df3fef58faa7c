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
        if (list instanceof HTMLSelectElement) {
          // A picker: options that do not match are hidden, and the first one that does is chosen.
          let first = null;
          for (const o of list.options) {
            const match = o.value === '' || q.length === 0 || fold(`${o.textContent} ${o.value}`).includes(q);
            o.hidden = !match;
            if (match && o.value !== '' && !first) first = o;
          }
          if (q.length > 0 && first && (list.value === '' || list.selectedOptions[0]?.hidden)) first.selected = true;
          return;
        }
        if (list.classList.contains('org-tree')) {
          // A tree: an organ shows when it or one below it matches; the branches above a match open.
          const items = [...list.querySelectorAll('[data-filter-text]')];
          for (const item of items) item.hidden = q.length > 0;
          if (q.length === 0) return;
          for (const item of items) {
            if (!fold(item.dataset.filterText).includes(q)) continue;
            for (let up = item; up && up !== list; up = up.parentElement) {
              if (up.matches('[data-filter-text]')) up.hidden = false;
              if (up !== item && up.tagName === 'DETAILS') up.open = true;
            }
          }
          return;
        }
        for (const item of list.querySelectorAll('[data-filter-text]')) {
          const checked = item.querySelector('input:checked');
          item.hidden = q.length > 0 && !checked && !fold(item.dataset.filterText).includes(q);
        }
      };
      input.addEventListener('input', apply);
      apply();
    }
  };

  // Every form that posts: from the moment it is sent, it says so (the button reads "Đang xử lý…", a spinner, aria-busy,
  // a polite status for screen readers) and a second click or Enter sends nothing — a DOCX converting for ten seconds or
  // a signature taking three is not sent twice. Forms with their own steps (signing with a token) keep theirs. The
  // button is not disabled: a disabled submitter would drop its name and value from what is sent.
  const own = '[data-token-sign],[data-remote-sign],[data-batch-sign],[data-token-register]';
  const idle = (form) => {
    form.removeAttribute('aria-busy');
    for (const b of form.querySelectorAll('.is-busy')) {
      b.classList.remove('is-busy');
      b.removeAttribute('aria-disabled');
      if (b.dataset.label) b.textContent = b.dataset.label;
    }
    for (const n of form.querySelectorAll('.busy-note')) n.remove();
  };
  // Once per document: a flag in this closure, not on the page (enhanced navigation rewrites the page's attributes, and a
  // second listener would take the first one's "busy" for a second click and cancel the submission).
  let busyMounted = false;
  const busyForms = () => {
    if (busyMounted) return;
    busyMounted = true;
    document.addEventListener('submit', (e) => {
      const form = e.target;
      if (!(form instanceof HTMLFormElement) || (form.method || '').toLowerCase() !== 'post' || form.matches(own)) return;
      if (form.getAttribute('aria-busy') === 'true') {
        e.preventDefault();
        return;
      }
      if (e.defaultPrevented) return; // a page script took the submission over (and says itself what it does)
      form.setAttribute('aria-busy', 'true');
      const button = e.submitter || form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
      if (button) {
        button.classList.add('is-busy');
        button.setAttribute('aria-disabled', 'true');
        if (button.tagName === 'BUTTON') {
          button.dataset.label = button.textContent;
          button.textContent = 'Đang xử lý…';
        }
      }
      const note = document.createElement('span');
      note.className = 'busy-note';
      note.setAttribute('role', 'status');
      note.textContent = 'Đang xử lý, xin chờ…';
      (button?.parentElement || form).appendChild(note);
      // An answer that does not replace the page (a file to save) leaves it as it was after two minutes.
      setTimeout(() => { if (form.isConnected) idle(form); }, 120000);
    });
    // A page shown again from the browser's history is not busy any more.
    window.addEventListener('pageshow', () => {
      for (const form of document.querySelectorAll('form[aria-busy="true"]')) if (!form.matches(own)) idle(form);
    });
  };

  // "Chọn cả nhóm": a group's box checks or clears every recipient of the group (those the filter shows); it follows
  // the group's boxes as they change (checked when all are, mixed when some are).
  let groupsMounted = false;
  const selectAll = () => {
    const boxes = (box) => [...(document.getElementById(box.dataset.selectAll)?.querySelectorAll('input[name="Input.Recipients"]') || [])];
    const sync = (box) => {
      const all = boxes(box);
      const on = all.filter((b) => b.checked).length;
      box.checked = all.length > 0 && on === all.length;
      box.indeterminate = on > 0 && on < all.length;
    };
    for (const box of document.querySelectorAll('input[data-select-all]')) sync(box);
    if (groupsMounted) return;
    groupsMounted = true;
    document.addEventListener('change', (e) => {
      const t = e.target;
      if (!(t instanceof HTMLInputElement)) return;
      if (t.dataset.selectAll) {
        for (const b of boxes(t)) if (!b.closest('[hidden]')) b.checked = t.checked;
        sync(t);
      } else if (t.name === 'Input.Recipients') {
        const group = t.closest('fieldset.recipient-group');
        const box = group?.querySelector('input[data-select-all]');
        if (box) sync(box);
      }
    });
  };

  // Keyboard shortcuts (js/shortcuts.js), once per document: one listener on the document serves every page.
  let shortcutsMounted = false;
  const shortcuts = () => {
    if (shortcutsMounted || !document.querySelector('nav.nav')) return; // signed in: the menu is there
    shortcutsMounted = true;
    import('/js/shortcuts.js').then((m) => m.mount());
  };

  const mountAll = () => {
    shortcuts();
    busyForms();
    selectAll();
    filters();
    const viewer = document.getElementById('pdf-viewer');
    if (viewer && !viewer.dataset.mounted) import('/js/pdf-viewer.js').then((m) => m.mount());
    if (document.querySelector('canvas[data-chart]:not([data-mounted])')) import('/js/statistics-charts.js').then((m) => m.mount());
    if (document.querySelector('[data-push]:not([data-mounted])')) import('/js/push.js').then((m) => m.mount());
    if (document.querySelector('form[data-token-sign]:not([data-mounted]), form[data-remote-sign]:not([data-mounted]), form[data-batch-sign]:not([data-mounted]), form[data-token-register]:not([data-mounted])')) import('/js/token-signing.js').then((m) => m.mount());
  };

  // The app's service worker (wwwroot/sw.js): installable, an offline page on a poor network, push notifications.
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
  const hook = () => window.Blazor?.addEventListener?.('enhancedload', mountAll);
  if (window.Blazor) hook(); else window.addEventListener('load', hook);
})();
