// Draws the statistics page's charts with chart.js (bundled under /lib/chartjs, no CDN). Each canvas carries its data
// as JSON in data-chart: {type, labels, series: [{label, data}], max, unit}. The tables beside the charts hold the same
// numbers for screen readers and for printing; the canvases are aria-hidden.
const palette = ['#0b57a4', '#c98a00', '#2e7d32', '#8e24aa'];

function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/lib/chartjs/chart.umd.min.js';
    s.onload = () => resolve(window.Chart);
    s.onerror = () => reject(new Error('chart.js could not be loaded'));
    document.head.append(s);
  });
}

export async function mount() {
  const canvases = [...document.querySelectorAll('canvas[data-chart]:not([data-mounted])')];
  if (canvases.length === 0) return;
  const Chart = await loadChart();
  for (const canvas of canvases) {
    canvas.dataset.mounted = 'true';
    const spec = JSON.parse(canvas.dataset.chart);
    const narrow = window.innerWidth < 600;
    new Chart(canvas, {
      type: spec.type || 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length] })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // Bars lie down on a phone (long Vietnamese labels); a trend stays a line over the months.
        indexAxis: narrow && spec.type !== 'line' ? 'y' : 'x',
        scales: { [narrow && spec.type !== 'line' ? 'x' : 'y']: { beginAtZero: true, max: spec.max, ticks: { callback: (v) => `${v}${spec.unit || ''}` } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    canvas.dataset.drawn = 'true';
  }
}
