// The store's types in one import: records, report rows and the ports a backend implements.
export type * from './records.js';
export type * from './report-rows.js';
export type * from './ports.js';
export { FUNNEL_STEPS } from './report-rows.js';
