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
import { pctShort } from './format.js';

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
const percent = (v: number | string) => pctShort(Number(v));

type Series = { label: string; values: number[] }[];

/** One series per variant, coloured by its place, on a 0-based percentage axis. */
function rateChart(canvas: HTMLCanvasElement, type: 'bar' | 'line', labels: string[], series: Series): Chart {
  return new Chart(canvas, {
    type,
    data: {
      labels,
      datasets: series.map((s, i) => {
        const colour = PALETTE[i % PALETTE.length];
        return type === 'bar'
          ? { label: s.label, data: s.values, backgroundColor: colour }
          : { label: s.label, data: s.values, borderColor: colour, backgroundColor: colour, tension: 0.2 };
      }),
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

export const funnelChart = (canvas: HTMLCanvasElement, steps: string[], series: Series): Chart =>
  rateChart(canvas, 'bar', steps, series);

export const overTimeChart = (canvas: HTMLCanvasElement, days: string[], series: Series): Chart =>
  rateChart(canvas, 'line', days, series);

export type AlertLine = { label: string; values: (number | null)[]; kind: 'value' | 'expected' | 'band' | 'limit' };

/**
 * An alert's chart: the watched figure per day, with the expected value, the band that raises no alarm and the limit
 * it crossed as dashed lines (dashes and labels, not colour alone, tell them apart).
 */
export function alertChart(canvas: HTMLCanvasElement, labels: string[], lines: AlertLine[], asPercent: boolean): Chart {
  const style = {
    value: { colour: '#1d4ed8', dash: [] as number[] },
    expected: { colour: '#374151', dash: [6, 4] },
    band: { colour: '#6b7280', dash: [2, 3] },
    limit: { colour: '#b45309', dash: [10, 4] },
  };
  const fmt = (v: number | string) => (asPercent ? percent(v) : String(Math.round(Number(v) * 100) / 100));
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: lines.map((l) => ({
        label: l.label,
        data: l.values,
        borderColor: style[l.kind].colour,
        backgroundColor: style[l.kind].colour,
        borderDash: style[l.kind].dash,
        pointRadius: l.kind === 'value' ? 3 : 0,
        spanGaps: true,
        tension: 0,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { callback: fmt } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmt(c.parsed.y ?? 0)}` } } },
    },
  });
}
