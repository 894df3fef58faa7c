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
    for (const box of document.querySelectorAll('input[data-select-all]')) {
      sync(box);
      if (!box.dataset.syncable) {
        box.dataset.syncable = 'true';
        box.addEventListener('uo-sync', () => sync(box));
      }
    }
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

  // Saved recipient lists on the draft form (issue 22 §4): a list's box ticks (or clears) its organs; the organs ticked
  // now are saved under a name, or a list removed, through the session's endpoints without leaving the form.
  let listsMounted = false;
  const recipientLists = () => {
    if (listsMounted) return;
    listsMounted = true;
    const recipients = () => [...document.querySelectorAll('input[name="Input.Recipients"]')];
    const syncGroups = () => {
      for (const box of document.querySelectorAll('input[data-select-all]')) box.dispatchEvent(new Event('uo-sync'));
    };
    const say = (root, text, ok) => {
      const s = root.querySelector('[data-list-status]');
      s.textContent = text;
      s.className = 'alert ' + (ok ? 'ok' : 'error');
      s.hidden = false;
    };
    const row = (list) => {
      const div = document.createElement('div');
      div.className = 'check-row';
      div.dataset.listId = list.id;
      const label = document.createElement('label');
      label.className = 'check';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.dataset.selectCodes = list.codes.join(' ');
      label.append(box, ` ${list.name} (${list.codes.length})`);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'link small';
      remove.dataset.listRemove = list.id;
      remove.setAttribute('aria-label', `Xóa danh sách ${list.name}`);
      remove.textContent = 'Xóa';
      div.append(label, remove);
      return div;
    };
    const send = async (url, method, body) => {
      const r = await fetch(url, { method, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      let data = null;
      try { data = r.status === 204 ? null : await r.json(); } catch { data = null; }
      if (!r.ok) throw new Error(data?.message ?? 'Đã có lỗi, vui lòng thử lại.');
      return data;
    };
    document.addEventListener('change', (e) => {
      const t = e.target;
      if (!(t instanceof HTMLInputElement) || t.dataset.selectCodes === undefined) return;
      const codes = new Set(t.dataset.selectCodes.split(' '));
      for (const b of recipients()) if (codes.has(b.value)) b.checked = t.checked;
      syncGroups();
    });
    document.addEventListener('click', async (e) => {
      const save = e.target.closest?.('[data-list-save]');
      const remove = e.target.closest?.('[data-list-remove]');
      if (!save && !remove) return;
      const root = e.target.closest('#recipient-lists');
      if (!root) return;
      e.preventDefault();
      try {
        if (save) {
          const name = root.querySelector('[data-list-name]').value.trim();
          const codes = recipients().filter((b) => b.checked).map((b) => b.value);
          const list = await send('/outgoing/recipient-lists', 'POST', { organizationCode: root.dataset.organ, name, codes });
          root.querySelector(`[data-list-id="${list.id}"]`)?.remove();
          root.querySelector('[data-list-rows]').append(row(list));
          root.querySelector('[data-list-none]').hidden = true;
          root.querySelector('[data-list-name]').value = '';
          say(root, `Đã lưu danh sách "${list.name}" (${list.codes.length} nơi nhận).`, true);
        } else {
          await send(`/outgoing/recipient-lists/${remove.dataset.listRemove}`, 'DELETE');
          remove.closest('[data-list-id]').remove();
          say(root, 'Đã xóa danh sách nơi nhận.', true);
        }
      } catch (error) {
        say(root, error.message, false);
      }
    });
  };

  const mountAll = () => {
    shortcuts();
    recipientLists();
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
