// Shows a PDF inside the page with pdf.js (phones included: pages are drawn to the width of the screen).
// The file is fetched once, whole (no range requests), so one view is one entry in the audit log.
import * as pdfjs from '/lib/pdfjs/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/lib/pdfjs/pdf.worker.min.mjs';

const root = document.getElementById('pdf-viewer');
const pagesEl = root.querySelector('.pdf-pages');
const status = root.querySelector('.pdf-status');
const zoomIn = root.querySelector('[data-zoom="in"]');
const zoomOut = root.querySelector('[data-zoom="out"]');
let zoom = 1;
let pdf;

async function render() {
  pagesEl.replaceChildren();
  const width = pagesEl.clientWidth || window.innerWidth;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const scale = (width / base.width) * zoom;
    const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(base.width * scale)}px`;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Trang ${n}`);
    canvas.dataset.page = String(n);
    pagesEl.append(canvas);
    await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    canvas.dataset.rendered = 'true';
  }
  status.textContent = `${pdf.numPages} trang`;
  root.dataset.ready = 'true';
}

async function open() {
  try {
    pdf = await pdfjs.getDocument({
      url: root.dataset.src,
      disableRange: true,
      disableStream: true,
      standardFontDataUrl: '/lib/pdfjs/standard_fonts/',
      withCredentials: true,
    }).promise;
    await render();
  } catch (e) {
    status.textContent = 'Không hiển thị được tệp PDF này trong trình duyệt. Hãy tải về để xem.';
    root.dataset.ready = 'error';
  }
}

zoomIn?.addEventListener('click', () => { zoom = Math.min(zoom * 1.25, 4); render(); });
zoomOut?.addEventListener('click', () => { zoom = Math.max(zoom / 1.25, 0.5); render(); });
open();
