// Imported coupon codes: CSV text read line by line, every bad line named (no Node APIs: the admin routes use it).
import type { Issue } from '../issue.js';
import type { ImportedCode } from './types.js';

/** A code as a shop's checkout takes it: letters, digits, `-` and `_`. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

const unquote = (cell: string) => {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replaceAll('""', '"').trim() : t;
};

/**
 * Reads `code[,expires_at]` lines (an optional header line naming `code` is skipped; blank lines are ignored). A bad
 * line is an issue at `csv.<line number>`, so the merchant can fix the file; nothing is imported while any remains.
 */
export function parseCodesCsv(text: string): { codes: ImportedCode[]; issues: Issue[] } {
  const codes: ImportedCode[] = [];
  const issues: Issue[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const [rawCode = '', rawExpiry = '', ...rest] = line.split(/[,;\t]/).map(unquote);
    if (i === 0 && rawCode.toLowerCase() === 'code') return;
    const path = `csv.${i + 1}`;
    if (rest.some((c) => c !== '')) return void issues.push({ path, message: 'expected code[,expires_at]' });
    if (!CODE_PATTERN.test(rawCode))
      return void issues.push({ path, message: 'a code is 3 to 64 letters, digits, - or _' });
    let expiresAt: number | null = null;
    if (rawExpiry) {
      expiresAt = /^\d+$/.test(rawExpiry) ? Number(rawExpiry) : Date.parse(rawExpiry);
      if (!Number.isFinite(expiresAt) || expiresAt < 0 || expiresAt > 8.64e15)
        return void issues.push({ path, message: 'expires_at is an ISO date or ms since the epoch' });
    }
    codes.push({ code: rawCode, expiresAt });
  });
  return { codes, issues };
}
