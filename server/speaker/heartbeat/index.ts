// Public face of the speakers' LAN membership: heartbeat keys, the per-speaker membership and its report.
export { createKeyRing, keyIdOf, REJECT_REASONS, type HeartbeatCheck, type KeyRing, type RejectReason } from './key-ring';
export { followSpeakerKey, type SpeakerKeySource } from './key-secret';
export { createLanMembership, type LanInterfaceReport, type LanMembership, type LanMembershipOptions, type LanView, type LinkCounters } from './lan-membership';
export { buildLanReport } from './lan-report';
