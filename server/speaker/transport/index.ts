// Public face of the speaker's transports: the L2Transport contract and its two implementations.
export type { FrameListener, L2Transport, TransportError, TransportErrorListener } from './types';
export { systemClock, type Clock, type TimerHandle } from './clock';
export { openAfPacketTransport, requestLowLatencyScheduling } from './af-packet';
export { loadPacketAddon, listAddonCandidates } from './native-addon';
export { VirtualLan, type LanTap, type VirtualNic } from './virtual-lan';
export { NeighborProbe, linkLocalFromMac, type NeighborEntry, type NeighborProbeOptions, type ProbeAnswer, type Resolution } from './neighbor-probe';
