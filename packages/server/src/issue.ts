// A bad field and what was expected there: what ingest, config checks and HTTP answers all report, so none imports HTTP.

/** A bad field: its dot-joined path in the request and what was expected there. */
export interface Issue {
  path: string;
  message: string;
}
