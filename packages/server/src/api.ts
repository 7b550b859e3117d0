// The admin API's types for a typed client (`hc<AdminApi>(url)`), and the shapes its answers carry. Types only.
export type { AdminApi } from './http/routes/admin/index.js';
export type { ConfigAction, ConfigChange } from './config/history.js';
export type { ErrorBody } from './http/errors.js';
export type { Issue } from './issue.js';
export type { Role } from './accounts/roles.js';
