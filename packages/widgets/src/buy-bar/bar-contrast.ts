// Picks readable text for an A/B-tested button colour: WCAG relative luminance, whichever of black/white contrasts more.

export type Rgb = readonly [number, number, number];

/** WCAG 2.x relative luminance of an sRGB colour (channels 0..255). */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Black or white text for `bg`, whichever contrasts more. Against black the ratio is (L + 0.05) / 0.05, against
 * white 1.05 / (L + 0.05), so black wins when (L + 0.05)² >= 0.0525 (the tests check this against contrastRatio).
 * One of the two always reaches at least 4.58:1 (where both ratios meet), so AA holds for every opaque colour.
 */
export function textColorOn(bg: Rgb): '#000' | '#fff' {
  return (luminance(bg) + 0.05) ** 2 >= 0.0525 ? '#000' : '#fff';
}

/**
 * Resolves any CSS colour the browser understands (names, hex, hsl, oklch, color-mix...) to sRGB by painting one
 * pixel; there is no other standard API that converts every colour space. Null when the value is not a CSS colour
 * or is translucent (its contrast would depend on whatever is behind the bar).
 */
export function resolveColor(value: string): Rgb | null {
  const v = value.trim();
  // Hex, what the console's colour field writes, is read as it is: a canvas and its first 2D context cost 6-10 ms on
  // a 4x slower CPU, on the product page's start (issue 17).
  const hex = /^#([\da-f]{3}|[\da-f]{6})$/i.exec(v)?.[1];
  if (hex) {
    const n = parseInt(hex.length == 3 ? hex.replace(/./g, '$&$&') : hex, 16);
    return [n >> 16, (n >> 8) & 255, n & 255];
  }
  // var() passes CSS.supports but means nothing to a canvas; A/B test values are literal colours.
  if (
    !v ||
    /var\(/i.test(v) ||
    !CSS.supports('color', v) ||
    /^(currentcolor|inherit|initial|unset|revert|revert-layer|transparent)$/i.test(v)
  )
    return null;
  const canvas = new OffscreenCanvas(1, 1);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = v;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  if (d[3] !== 255) return null;
  return [d[0]!, d[1]!, d[2]!];
}
