// Public face of the announcer: one Announcer per interface transport.
export { Announcer, type AnnouncerError, type AnnouncerOptions, type AnnounceOutcome, type WithdrawOutcome } from './announcer';
export { GRATUITOUS_DURATION_MS, GRATUITOUS_INTERVAL_MS } from './burst';
export type { Claim, ClaimSource, Conflict } from './conflicts';
export type { IpCounters } from './counters';
export { decideResponse, type Response, type SilenceReason } from './respond';
