// Public face of lib/history: the ledger's vocabulary, the failover cause classifier, the
// exhaustion forecast, per-IP holdings, CSV, and what a service change adds to the ledger.
export * from './types';
export * from './cause';
export * from './forecast';
export * from './holdings';
export * from './csv';
export * from './diff';
export * from './events';
export * from './charts';
