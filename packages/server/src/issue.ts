// A bad field and what was expected there: what ingest, config checks and HTTP answers all report, so none imports HTTP.

/** A bad field: its dot-joined path in the request and what was expected there. */
export interface Issue {
  path: string;
  message: string;
  /**
   * What is wrong, as a stable code a client words itself (`message` is English, for API users); answered by the
   * reward settings (server README, "Reward settings errors"), with `min` / `max` / `values` where the code has them.
   */
  code?: string;
  min?: number;
  max?: number;
  values?: string[];
}
