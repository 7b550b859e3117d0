// Origins the collector and config service refused, per site: counted with the last time, bounded, kept in the store.
import { OriginLog, type OriginRow } from './origin-log.js';
import type { ControlStore } from './store/ports.js';

/** Origins kept per site: past it the one refused longest ago goes, so a client inventing origins cannot grow it. */
export const MAX_ORIGINS_PER_SITE = 20;
/** Refusals are written at most this often per site: a flood of refused requests is one write per interval. */
const FLUSH_MS = 1000;

export type RefusedOrigin = OriginRow;

/** Origins the collector and config service refused, per site (meta `refused_origins:<site>`). */
export class RefusedOrigins extends OriginLog {
  constructor(control: Pick<ControlStore, 'getMeta' | 'setMeta'>) {
    super(control, { prefix: 'refused_origins', max: MAX_ORIGINS_PER_SITE, flushMs: FLUSH_MS });
  }
}
