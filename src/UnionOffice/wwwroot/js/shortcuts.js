// Keyboard shortcuts for the commonest work (issue 22 §13), as in the mail and task tools people know:
//   g d / g o / g t / g n / g l — Văn bản đến, Văn bản đi, Nhiệm vụ, Thông báo, Lịch
//   n — the page's "new" action (+ Đăng ký văn bản đến, + Soạn dự thảo, + Giao nhiệm vụ)
//   j / k — next / previous row of the list (its link takes the focus; Enter opens it)
//   / — the page's search box;  ? — this list, in a dialog
// Keys typed into a field, or with Ctrl/Alt/⌘, are left alone.
const GOTO = { d: '/incoming', o: '/outgoing', t: '/tasks', n: '/notifications', l: '/schedule' };
const HELP = [
  ['g rồi d', 'Văn bản đến'], ['g rồi o', 'Văn bản đi'], ['g rồi t', 'Nhiệm vụ'], ['g rồi n', 'Thông báo'], ['g rồi l', 'Lịch công tác'],
  ['n', 'Thêm mới trên trang (đăng ký văn bản đến, soạn dự thảo, giao nhiệm vụ)'],
  ['j / k', 'Dòng tiếp theo / dòng trước trong danh sách; Enter để mở'],
  ['/', 'Đến ô tìm kiếm của trang'], ['?', 'Xem danh sách phím tắt này'], ['Esc', 'Đóng hộp thoại'],
];

const typing = (e) => {
  const t = e.target;
  return t instanceof HTMLElement && (t.isContentEditable || t.closest('input, textarea, select, [contenteditable]') !== null);
};

const rowLinks = () => [...document.querySelectorAll('main table tbody tr')]
  .map((tr) => tr.querySelector('a[href]'))
  .filter((a) => a && a.offsetParent !== null);

const help = () => {
  let dialog = document.getElementById('shortcut-help');
  if (!dialog) {
    dialog = document.createElement('dialog');
    dialog.id = 'shortcut-help';
    dialog.className = 'shortcut-help';
    dialog.setAttribute('aria-labelledby', 'shortcut-help-title');
    const title = document.createElement('h2');
    title.id = 'shortcut-help-title';
    title.textContent = 'Phím tắt';
    const list = document.createElement('dl');
    for (const [keys, what] of HELP) {
      const dt = document.createElement('dt');
      for (const k of keys.split(' ')) {
        if (k === 'rồi' || k === '/') { dt.append(` ${k} `); continue; }
        const kbd = document.createElement('kbd');
        kbd.textContent = k;
        dt.append(kbd);
      }
      const dd = document.createElement('dd');
      dd.textContent = what;
      list.append(dt, dd);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Đóng';
    close.addEventListener('click', () => dialog.close());
    dialog.append(title, list, close);
    document.body.append(dialog);
  }
  if (!dialog.open) dialog.showModal();
};

let pendingG = 0;
export function mount() {
  document.documentElement.dataset.shortcuts = 'on'; // for the page's tests: the keys are listened to from now on
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e) || document.querySelector('dialog[open]:not(#shortcut-help)')) return;
    const key = e.key;
    if (pendingG && Date.now() - pendingG < 1500 && GOTO[key]) {
      pendingG = 0;
      e.preventDefault();
      location.assign(GOTO[key]);
      return;
    }
    pendingG = 0;
    if (document.getElementById('shortcut-help')?.open) return;
    if (key === 'g') {
      pendingG = Date.now();
    } else if (key === '?') {
      e.preventDefault();
      help();
    } else if (key === 'n') {
      const add = document.querySelector('main a.primary-link');
      if (add) { e.preventDefault(); add.click(); }
    } else if (key === '/') {
      const search = document.querySelector('main input[type=search]:not([data-filter-for]), main input[name=q]');
      if (search) { e.preventDefault(); search.focus(); }
    } else if (key === 'j' || key === 'k') {
      const links = rowLinks();
      if (links.length === 0) return;
      e.preventDefault();
      const at = links.indexOf(document.activeElement);
      const next = at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + (key === 'j' ? 1 : -1)));
      links[next].focus();
      links[next].closest('tr')?.scrollIntoView({ block: 'nearest' });
    }
  });
}
