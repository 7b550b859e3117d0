// Product images drawn as SVG (no network, no binary assets): one illustration per shape, three views per product.
import type { Product } from './catalog.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function shape(p: Product, fg: string, dark: string): string {
  switch (p.shape) {
    case 'tin':
      return `<rect x="150" y="120" width="300" height="360" rx="24" fill="${fg}"/><rect x="140" y="100" width="320" height="60" rx="16" fill="${dark}"/><circle cx="300" cy="320" r="80" fill="#fff" opacity=".85"/><path d="M300 270c-30 30-30 70 0 100 30-30 30-70 0-100z" fill="${dark}"/>`;
    case 'pouch':
      return `<path d="M170 150h260l30 330H140z" fill="${fg}"/><rect x="170" y="120" width="260" height="40" rx="8" fill="${dark}"/><g fill="#fff" opacity=".9"><circle cx="300" cy="320" r="18"/><circle cx="270" cy="300" r="14"/><circle cx="330" cy="300" r="14"/><circle cx="280" cy="345" r="14"/><circle cx="320" cy="345" r="14"/></g>`;
    case 'teapot':
      return `<ellipse cx="300" cy="340" rx="150" ry="120" fill="${fg}"/><rect x="250" y="200" width="100" height="30" rx="10" fill="${dark}"/><circle cx="300" cy="190" r="18" fill="${dark}"/><path d="M450 320c60-10 80 40 40 80" stroke="${dark}" stroke-width="22" fill="none"/><path d="M150 330l-70-60 20-10 70 40z" fill="${dark}"/><ellipse cx="300" cy="455" rx="100" ry="14" fill="${dark}" opacity=".5"/>`;
    case 'cups':
      return [0, 1, 2, 3]
        .map(
          (i) =>
            `<path d="M${110 + i * 100} 280h80l-12 110h-56z" fill="${i % 2 ? fg : dark}"/><ellipse cx="${150 + i * 100}" cy="280" rx="40" ry="10" fill="#fff" opacity=".7"/>`,
        )
        .join('');
    case 'tray':
      return `<rect x="90" y="250" width="420" height="140" rx="18" fill="${fg}"/>${Array.from({ length: 9 }, (_, i) => `<rect x="${115 + i * 43}" y="265" width="22" height="110" rx="6" fill="${dark}" opacity=".55"/>`).join('')}`;
    case 'box':
      return `<rect x="130" y="180" width="340" height="280" rx="10" fill="${fg}"/><rect x="280" y="180" width="40" height="280" fill="${dark}"/><rect x="130" y="290" width="340" height="40" fill="${dark}"/><path d="M300 180c-60-80-120-20-60 0M300 180c60-80 120-20 60 0" stroke="${dark}" stroke-width="16" fill="none"/>`;
  }
}

/** One SVG view (0 = front on a plain ground, 1 = on a table, 2 = close-up) of a product. */
export function productSvg(p: Product, view: number, label: string): string {
  const fg = `hsl(${p.hue} 45% 42%)`;
  const dark = `hsl(${p.hue} 50% 24%)`;
  const bg = view === 1 ? `hsl(${p.hue} 30% 88%)` : view === 2 ? `hsl(${p.hue} 25% 94%)` : '#f6f3ee';
  const transform = view === 2 ? 'translate(-300 -300) scale(2)' : view === 1 ? 'translate(0 20)' : '';
  const table = view === 1 ? `<rect y="470" width="600" height="130" fill="hsl(${p.hue} 20% 70%)"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" width="600" height="600" role="img" aria-label="${esc(label)}"><rect width="600" height="600" fill="${bg}"/>${table}<g transform="${transform}">${shape(p, fg, dark)}</g></svg>`;
}
