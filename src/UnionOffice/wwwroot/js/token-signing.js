// Signing with a key the server does not hold (issue 16): a USB token through the signing agent on the person's own
// computer (§2), or a remote signing service confirmed on the phone (§3).
// The server prepares the document and gives the digest of what is to be signed; the agent (UnionOffice Ký số, on
// loopback) asks for the PIN in its own window and signs the digest with the token; the server embeds the signature.
// The document itself never goes to the agent, the PIN never comes to the page.

const agentDown = 'Không kết nối được phần mềm ký số trên máy tính này. Hãy cắm USB token, mở “UnionOffice Ký số” rồi thử lại.';

const pad = (n) => String(n).padStart(2, '0');
// dd/MM/yyyy whatever the browser's language.
const date = (iso) => { const d = new Date(iso); return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`; };

const say = (el, text, kind) => {
  el.textContent = text;
  el.className = kind === 'error' ? 'alert error' : kind === 'ok' ? 'alert ok' : 'muted';
  el.hidden = !text;
};

// The answer's JSON, or an Error carrying its Vietnamese message.
async function answer(response, fallback) {
  let body = null;
  try { body = await response.json(); } catch { /* no body */ }
  if (!response.ok) throw new Error(body?.message || fallback);
  return body;
}

async function agent(base, path, body) {
  let response;
  try {
    response = await fetch(base.replace(/\/$/, '') + path, body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
  } catch {
    throw new Error(agentDown);
  }
  return answer(response, agentDown);
}

// A post to the site with the page's antiforgery token (an array field is sent once per value): the status and the JSON.
async function post(url, form, fields) {
  const data = new FormData();
  const token = form.querySelector('input[name="__RequestVerificationToken"]');
  if (token) data.append(token.name, token.value);
  for (const [k, v] of Object.entries(fields || {})) (Array.isArray(v) ? v : [v]).forEach((one) => data.append(k, one));
  const response = await fetch(url, { method: 'POST', body: data, credentials: 'same-origin' });
  return { status: response.status, body: await answer(response, `Máy chủ trả lời lỗi ${response.status}.`) };
}

const page = async (url, form, fields) => (await post(url, form, fields)).body;

const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Asks the site every few seconds until the person has confirmed on the phone (200; 202 while waiting): the answer.
async function untilConfirmed(url, form, fields) {
  for (;;) {
    await wait(Number(form.dataset.interval || 3000));
    const { status, body } = await post(url, form, fields);
    if (status === 200) return body;
  }
}

// The registered certificate on the USB token now in the computer, as the agent lists it.
async function onToken(form, thumbprint) {
  const certificates = await agent(form.dataset.agent, '/v1/certificates');
  const mine = certificates.find((c) => c.thumbprint.toUpperCase() === thumbprint.toUpperCase());
  if (!mine) throw new Error('Không thấy trên USB token đang cắm chứng thư số đã đăng ký của bạn. Cắm đúng USB token rồi thử lại.');
  return mine;
}

// While a step runs: the button is disabled (no second signature from a double click) and the form says it is busy.
async function busy(form, work) {
  const buttons = form.querySelectorAll('button');
  if (form.getAttribute('aria-busy') === 'true') return;
  form.setAttribute('aria-busy', 'true');
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await work();
  } finally {
    form.removeAttribute('aria-busy');
    buttons.forEach((b) => { b.disabled = false; });
  }
}

function mountSign(form) {
  const status = form.querySelector('[data-status]');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, async () => {
      try {
        say(status, 'Đang chuẩn bị văn bản để ký…');
        const prepared = await page(form.dataset.prepare, form);
        say(status, 'Đang tìm chứng thư số trên USB token…');
        const mine = await onToken(form, prepared.certificateThumbprint);
        say(status, 'Nhập mã PIN ở cửa sổ của phần mềm ký số UnionOffice để ký…');
        const signed = await agent(form.dataset.agent, '/v1/sign', { certificateId: mine.id, digests: [prepared.digest], description: prepared.description });
        say(status, 'Đang gắn chữ ký vào văn bản…');
        await page(form.dataset.complete, form, { pendingId: prepared.id, signature: signed.signatures[0] });
        say(status, 'Đã ký số văn bản.', 'ok');
        window.location.assign(form.dataset.done);
      } catch (err) {
        say(status, err.message, 'error');
      }
    });
  });
}

// A remote signing service: the server sends the digest to the service, the person confirms on the phone, the page
// asks the server every few seconds until the service has the signature (or says no).
function mountRemote(form) {
  const status = form.querySelector('[data-status]');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, async () => {
      try {
        say(status, 'Đang chuẩn bị văn bản và gửi yêu cầu ký đến dịch vụ ký số từ xa…');
        const prepared = await page(form.dataset.prepare, form);
        say(status, `Mở ứng dụng ${form.dataset.provider} trên điện thoại và xác nhận ký “${prepared.description}”. Đang chờ xác nhận…`);
        await untilConfirmed(form.dataset.check, form, { pendingId: prepared.id });
        say(status, 'Đã ký số văn bản.', 'ok');
        window.location.assign(form.dataset.done);
      } catch (err) {
        say(status, err.message, 'error');
      }
    });
  });
}

// Ký lô from the "to sign" list: every ticked document prepared on the server in one batch, then one PIN at the agent
// for all the digests (USB token) or one confirmation on the phone (remote service); each document completed on its own.
function mountBatch(form) {
  const status = form.querySelector('[data-status]');
  const report = (result) => {
    const failed = result.items.filter((i) => !i.ok);
    if (failed.length === 0) { window.location.assign(form.dataset.done + result.items.length); return; }
    const ok = result.items.length - failed.length;
    say(status, `Đã ký số ${ok} văn bản; ${failed.length} văn bản chưa ký được: ${failed.map((i) => i.message).join(' ')}`, ok > 0 ? 'ok' : 'error');
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, async () => {
      try {
        const ids = [...document.querySelectorAll('input[form="batch-form"][name="Ids"]:checked')].map((i) => i.value);
        if (ids.length === 0) throw new Error('Chọn ít nhất một văn bản để ký.');
        say(status, `Đang chuẩn bị ${ids.length} văn bản…`);
        const prepared = await page('/outgoing/sign-batch/prepare', form, { ids });
        const ready = prepared.items.filter((i) => i.ok);
        if (ready.length === 0) { report(prepared); return; }
        if (form.dataset.batchSign === 'token') {
          say(status, 'Đang tìm chứng thư số trên USB token…');
          const mine = await onToken(form, ready[0].prepared.certificateThumbprint);
          say(status, `Nhập mã PIN một lần ở cửa sổ của phần mềm ký số UnionOffice để ký ${ready.length} văn bản…`);
          const signed = await agent(form.dataset.agent, '/v1/sign', {
            certificateId: mine.id, digests: ready.map((i) => i.prepared.digest), description: `Ký lô ${ready.length} văn bản`,
          });
          say(status, 'Đang gắn chữ ký vào từng văn bản…');
          const items = ready.map((i, k) => ({ id: i.id, pendingId: i.prepared.id, signature: signed.signatures[k] }));
          const done = await page('/outgoing/sign-batch/complete', form, { items: JSON.stringify(items) });
          report({ items: [...prepared.items.filter((i) => !i.ok), ...done.items] });
        } else {
          say(status, `Mở ứng dụng ${form.dataset.provider} trên điện thoại và xác nhận ký ${ready.length} văn bản. Đang chờ xác nhận…`);
          const done = await untilConfirmed(`/outgoing/sign-batch/${prepared.batchId}/remote`, form);
          report({ items: [...prepared.items.filter((i) => !i.ok), ...done.items] });
        }
      } catch (err) {
        say(status, err.message, 'error');
      }
    });
  });
}

function mountRegister(form) {
  const status = form.querySelector('[data-status]');
  const list = form.querySelector('[data-list]');
  const choose = form.querySelector('[data-choose]');
  form.querySelector('[data-find]').addEventListener('click', () => busy(form, async () => {
    try {
      say(status, 'Đang tìm chứng thư số trên USB token…');
      const certificates = await agent(form.dataset.agent, '/v1/certificates');
      list.replaceChildren();
      for (const c of certificates) {
        const label = document.createElement('label');
        label.className = 'check';
        const radio = document.createElement('input');
        radio.type = 'radio';
        radio.name = 'token-certificate';
        radio.value = c.certificate;
        label.append(radio, ` ${c.commonName} – do ${c.issuer} cấp, hiệu lực ${date(c.notBefore)} – ${date(c.notAfter)} (thiết bị “${c.tokenLabel}”)`);
        list.append(label);
      }
      if (certificates.length === 1) list.querySelector('input').checked = true;
      choose.hidden = certificates.length === 0;
      say(status, certificates.length === 0 ? 'Không có chứng thư số nào trên USB token đang cắm.' : `Tìm thấy ${certificates.length} chứng thư số. Chọn chứng thư của bạn.`,
        certificates.length === 0 ? 'error' : undefined);
    } catch (err) {
      say(status, err.message, 'error');
    }
  }));
  choose.addEventListener('click', () => busy(form, async () => {
    const picked = list.querySelector('input:checked');
    if (!picked) { say(status, 'Chọn một chứng thư số trước.', 'error'); return; }
    try {
      say(status, 'Đang kiểm tra và đăng ký chứng thư số…');
      await page(form.dataset.register, form, { certificate: picked.value });
      window.location.assign(form.dataset.done);
    } catch (err) {
      say(status, err.message, 'error');
    }
  }));
}

export function mount() {
  for (const form of document.querySelectorAll('form[data-token-sign]:not([data-mounted])')) {
    form.dataset.mounted = 'true';
    mountSign(form);
  }
  for (const form of document.querySelectorAll('form[data-remote-sign]:not([data-mounted])')) {
    form.dataset.mounted = 'true';
    mountRemote(form);
  }
  for (const form of document.querySelectorAll('form[data-batch-sign]:not([data-mounted])')) {
    form.dataset.mounted = 'true';
    mountBatch(form);
  }
  for (const form of document.querySelectorAll('form[data-token-register]:not([data-mounted])')) {
    form.dataset.mounted = 'true';
    mountRegister(form);
  }
}
