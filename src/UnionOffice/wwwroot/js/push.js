// "Bật thông báo trên thiết bị này" on the profile page (issue 22 §10): asks the person's permission, subscribes the
// browser with the installation's VAPID key and gives the subscription to the server. Each failure is said in Vietnamese.
const say = (root, message, ok) => {
  const box = root.querySelector('[data-push-status]');
  box.textContent = message;
  box.className = 'alert ' + (ok ? 'ok' : 'error');
  box.hidden = false;
};

const post = async (url, body) => {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) throw new Error(data?.message ?? 'Đã có lỗi, vui lòng thử lại.');
  return data;
};

const enable = async (root, button) => {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say(root, 'Trình duyệt này chưa nhận được thông báo đẩy. Trên iPhone, iPad: chọn Chia sẻ → "Thêm vào MH chính", rồi mở Văn phòng điện tử từ biểu tượng đó và bật lại.', false);
    return;
  }
  button.setAttribute('aria-disabled', 'true');
  say(root, 'Đang bật thông báo…', true);
  try {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      say(root, 'Trình duyệt đang chặn thông báo của trang này. Hãy cho phép thông báo trong phần cài đặt trang của trình duyệt rồi bật lại.', false);
      return;
    }
    const registration = await navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready);
    // The browser's own push service may be out of reach (a network that blocks it): the browser would then wait
    // without end, so after 15 seconds the person is told instead.
    let subscription;
    try {
      subscription = await Promise.race([
        registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: root.dataset.pushKey }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 15000)),
      ]);
    } catch {
      say(root, 'Trình duyệt không đăng ký được với dịch vụ thông báo của nó (cần kết nối Internet tới dịch vụ đó). Vui lòng thử lại sau.', false);
      return;
    }
    await post('/account/push/devices', subscription.toJSON());
    location.assign('/account/profile?push=1');
  } catch (error) {
    say(root, error?.message ?? 'Đã có lỗi, vui lòng thử lại.', false);
  } finally {
    button.removeAttribute('aria-disabled');
  }
};

export function mount() {
  for (const root of document.querySelectorAll('[data-push]:not([data-mounted])')) {
    root.dataset.mounted = 'true';
    const button = root.querySelector('[data-push-enable]');
    button?.addEventListener('click', (e) => {
      e.preventDefault();
      if (button.getAttribute('aria-disabled') !== 'true') enable(root, button);
    });
  }
}
