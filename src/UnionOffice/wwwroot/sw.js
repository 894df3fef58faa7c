// The service worker of Văn phòng điện tử (issue 22 §10): what makes it an installable app.
// - Push: a notification pushed by the server (Web Push, RFC 8030/8291/8292) is shown by the device, and a tap opens the
//   page it is about. The message carries only the notification's heading, text and link.
// - Poor networks: the shell (style, icons, an offline page) is kept; a page that cannot be loaded shows the offline page
//   in Vietnamese instead of the browser's error. Pages, documents, files and API answers are never kept on the device:
//   they are the organ's, and a lost phone must not hold them.
const SHELL_CACHE = 'uo-shell-v1';
const OFFLINE = '/offline.html';
const SHELL = [OFFLINE, '/css/site.css', '/favicon.svg', '/icons/icon-192.png', '/icons/maskable-192.png', '/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== SHELL_CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(async () => (await caches.match(OFFLINE)) || Response.error()));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith((async () => {
      try {
        const fresh = await fetch(request);
        if (fresh.ok) (await caches.open(SHELL_CACHE)).put(url.pathname, fresh.clone());
        return fresh;
      } catch {
        return (await caches.match(url.pathname)) || Response.error();
      }
    })());
  }
});

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(self.registration.showNotification(data.title || 'Văn phòng điện tử', {
    body: data.body || '',
    icon: '/icons/icon-192.png',
    badge: '/icons/maskable-192.png',
    tag: data.tag || undefined,
    lang: 'vi',
    data: { link: data.link || '/notifications' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  let link = new URL(event.notification.data?.link || '/notifications', self.location.origin);
  if (link.origin !== self.location.origin) link = new URL('/notifications', self.location.origin); // never another site
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of open) {
      if (new URL(client.url).origin !== self.location.origin) continue;
      await client.focus();
      return client.navigate ? client.navigate(link.href) : undefined;
    }
    return self.clients.openWindow(link.href);
  })());
});

// The browser renewed the subscription (keys or endpoint changed): tell the server, with the person's session.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil((async () => {
    const answer = await fetch('/account/push/key', { credentials: 'same-origin' });
    if (!answer.ok) return;
    const { publicKey } = await answer.json();
    const subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
    await fetch('/account/push/devices', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(subscription.toJSON()),
    });
  })());
});
