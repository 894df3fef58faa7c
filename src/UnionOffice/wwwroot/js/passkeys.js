// Passkeys (WebAuthn) for UnionOffice: register one on the profile page, sign in with one on the login page.
// Listens on the document, so it keeps working across Blazor's enhanced navigation.
(() => {
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) throw new Error(data?.message ?? 'Đã có lỗi, vui lòng thử lại.');
    return data;
  };

  const say = (button, message, ok) => {
    const box = button.closest('[data-passkey]')?.querySelector('[data-passkey-status]');
    if (!box) return;
    box.textContent = message;
    box.className = 'alert ' + (ok ? 'ok' : 'error');
    box.hidden = false;
  };

  document.addEventListener('click', async (event) => {
    const register = event.target.closest('[data-passkey-register]');
    const login = event.target.closest('[data-passkey-login]');
    const button = register ?? login;
    if (!button) return;
    event.preventDefault();
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
      say(button, 'Trình duyệt này chưa hỗ trợ khóa truy cập (passkey).', false);
      return;
    }
    button.disabled = true;
    try {
      if (register) {
        const options = await post('/account/passkeys/creation-options');
        const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
        const name = document.querySelector('[data-passkey-name]')?.value ?? '';
        await post('/account/passkeys', { credential: JSON.stringify(credential), name });
        location.assign('/account/profile?passkey=1');
      } else {
        const options = await post('/account/passkeys/request-options');
        const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        const result = await post('/account/passkeys/login', { credential: JSON.stringify(credential) });
        location.assign(result.redirect);
      }
    } catch (error) {
      say(button, error?.name === 'NotAllowedError'
        ? 'Đã hủy hoặc hết thời gian chờ xác nhận khóa truy cập.'
        : (error?.message ?? 'Đã có lỗi, vui lòng thử lại.'), false);
    } finally {
      button.disabled = false;
    }
  });
})();
