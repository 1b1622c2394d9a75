// The shape of a preflight report: checks with a status, words, details and (where one exists) a
// fix the dashboard can apply. Shared by the checks, the API, the page and `ironlb preflight`.

export type CheckStatus = 'ok' | 'warn' | 'error' | 'info';

export type PreflightCheckId =
  | 'strictArp'
  | 'unadvertisedPools'
  | 'missingInterfaces'
  | 'pendingServices'
  | 'speakers'
  | 'blockedNodes'
  | 'poolOverlaps'
  | 'lan'
  | 'configuration';

export interface PreflightCheck {
  id: PreflightCheckId;
  title: string;
  status: CheckStatus;
  summary: string;
  /** What is wrong, one line per finding. */
  details: string[];
  /** What was checked and what could not be known (sources, their gaps); never a problem. */
  notes?: string[];
  fix?: { action: 'fixStrictArp'; label: string };
}

export interface PreflightReport {
  checks: PreflightCheck[];
  warnings: number;
  errors: number;
}
