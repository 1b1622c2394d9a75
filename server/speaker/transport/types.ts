// The contract every L2 transport meets (AF_PACKET on a real NIC, or a NIC on the virtual LAN):
// whole Ethernet frames in and out of one interface. No protocol logic lives behind it.
import type { Result } from '../../../lib/result';

/** `code` is an errno name (EPERM, ENODEV, ENXIO, ENETDOWN, EAGAIN...) or one of ours. */
export interface TransportError {
  code: string;
  message: string;
}

export type FrameListener = (frame: Uint8Array) => void;
export type TransportErrorListener = (error: TransportError) => void;

export interface L2Transport {
  readonly ifname: string;
  /** The interface's MAC, lowercase colon form ("02:00:5e:00:00:0a"). */
  readonly mac: string;
  /** Sends one complete Ethernet frame; ENXIO/ENETDOWN mean the interface is gone: reopen. */
  send(frame: Uint8Array): Result<void, TransportError>;
  /** Frames arriving on the interface (ARP and NS/NA at least); returns an unsubscribe. */
  onFrame(listener: FrameListener): () => void;
  /** The receive side died (interface removed or down); the transport is useless afterwards. */
  onError(listener: TransportErrorListener): () => void;
  /** Joins the solicited-node multicast group of an IPv6 address (refcounted per group). */
  joinSolicitedNode(ip: string): Result<void, TransportError>;
  leaveSolicitedNode(ip: string): Result<void, TransportError>;
  close(): void;
}

export const transportError = (code: string, message: string): TransportError => ({ code, message });
