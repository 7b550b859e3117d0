// Build step: copies the embed's dist/ into dist/embed/ (served under /nudge/v1/), with brotli and gzip siblings.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyEmbed } from '../lib/embed-assets.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = resolve(root, '../embed/dist');
const to = resolve(root, 'dist/embed');
const sizes = copyEmbed(from, to);
const kb = (n) => (n === undefined ? '-' : `${(n / 1024).toFixed(2)} KB`);
for (const s of sizes) console.log(`  ${s.file}: ${kb(s.bytes)}, br ${kb(s.br)}, gzip ${kb(s.gzip)}`);
console.log(`embed: ${sizes.length} files copied to ${to}`);
