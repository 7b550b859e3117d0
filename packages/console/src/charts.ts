// Funnel and conversion-over-time charts with chart.js (only the controllers used are registered, to keep it small).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

// Control in grey, then colours that carry no verdict: red reads as "worse" on a results chart (and drew the demo's
// "blue" variant in red).
const PALETTE = ['#6b7280', '#1d4ed8', '#0f766e', '#a855f7', '#b45309', '#be185d'];
const percent = (v: number | string) => `${Math.round(Number(v) * 1000) / 10}%`;

export function funnelChart(
  canvas: HTMLCanvasElement,
  steps: string[],
  series: { label: string; values: number[] }[],
): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: steps,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { callback: percent } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent(c.parsed.y ?? 0)}` } } },
    },
  });
}

export function overTimeChart(
  canvas: HTMLCanvasElement,
  days: string[],
  series: { label: string; values: number[] }[],
): Chart {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: days,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.values,
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length],
        tension: 0.2,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { callback: percent } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent(c.parsed.y ?? 0)}` } } },
    },
  });
}
