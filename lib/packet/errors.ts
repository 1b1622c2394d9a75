// The one error shape of lib/packet: decoding untrusted frames and encoding from text never throw.
export type PacketErrorCode =
  | 'truncated'
  | 'unsupported'
  | 'malformed'
  | 'badChecksum'
  | 'invalidAddress';

export interface PacketError {
  code: PacketErrorCode;
  message: string;
}

export const packetError = (code: PacketErrorCode, message: string): PacketError => ({ code, message });
