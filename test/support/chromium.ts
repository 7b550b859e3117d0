// Finds a Chromium for the tests: an env var, then the system's, then Playwright's own cache.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface FoundBrowser {
  path: string;
  source: 'env' | 'system' | 'playwright-cache';
}

/** Flags that keep headless Chromium quiet on a machine with no outside network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const ENV_VARS = ['NUDGE_CHROMIUM', 'CHROMIUM_PATH', 'CHROME_PATH'] as const;
export const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export const HOW_TO_GET_ONE = `No Chromium found for the browser tests. Any one of these works:
  - set NUDGE_CHROMIUM=/path/to/chromium (or CHROMIUM_PATH / CHROME_PATH)
  - Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium
  - macOS: install Google Chrome
  - where downloads are allowed: pnpm exec playwright install chromium`;

function playwrightCachePath(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core') as { chromium: { executablePath(): string } };
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export function findChromium(
  env: Record<string, string | undefined> = process.env,
  exists: (p: string) => boolean = existsSync,
  cachePath: () => string | undefined = playwrightCachePath,
): FoundBrowser | undefined {
  for (const name of ENV_VARS) {
    const p = env[name];
    if (p) {
      if (!exists(p)) throw new Error(`${name}=${p} does not exist`);
      return { path: p, source: 'env' };
    }
  }
  for (const p of SYSTEM_PATHS) if (exists(p)) return { path: p, source: 'system' };
  const cached = cachePath();
  if (cached && exists(cached)) return { path: cached, source: 'playwright-cache' };
  return undefined;
}

/** The browser or a thrown error that says how to get one. */
export function requireChromium(): FoundBrowser {
  const found = findChromium();
  if (!found) throw new Error(HOW_TO_GET_ONE);
  return found;
}

export async function launchChromium() {
  const { chromium } = await import('playwright');
  return chromium.launch({ executablePath: requireChromium().path, args: chromiumArgs, headless: true });
}
