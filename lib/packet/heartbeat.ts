// The speakers' LAN heartbeat frame (server/speaker/README.md, "Membership on the LAN"): raw
// Ethernet on the IEEE 802 local-experimental EtherType 0x88B5, to a locally administered
// multicast MAC, authenticated by one or two truncated HMAC tags (two while a key rotation
// settles: the new key's and the old one's) over every byte before them. Pure: tags are
// computed and checked by the caller (lib/ has no crypto); decoding never throws.
import { err, ok, type Result } from '../result';
import { formatMac, parseMac } from './addresses';
import { packetError, type PacketError } from './errors';
import { ETHERNET_HEADER_LENGTH } from './ethernet';

/** IEEE Std 802 "Local Experimental EtherType 1" (0x88B6 is the second one). */
export const ETHERTYPE_HEARTBEAT = 0x88b5;
/** Locally administered (0x02) group (0x01) address, "ilb" in the middle: only speakers join it. */
export const HEARTBEAT_MAC = '03:00:69:6c:62:01';
export const HEARTBEAT_TAG_LENGTH = 16;
/** The current key's tag, and the previous key's while a rotation settles. */
export const MAX_HEARTBEAT_TAGS = 2;
/** Bounded so a frame stays under a 1500-byte MTU (13 bytes each, names at most 268). */
export const MAX_HEARTBEAT_ECHOES = 80;
const MAGIC = [0x49, 0x4c, 0x42]; // "ILB"
const VERSION = 1;
const KIND_CODES = { alive: 1, leaving: 2 } as const;
const FLAG_READY = 0x01;
const FIXED_LENGTH = 34; // through seq, before the node name
const KEY_ID_LENGTH = 8;
const TAGGED_LENGTH = KEY_ID_LENGTH + HEARTBEAT_TAG_LENGTH;
const ECHO_LENGTH = 13;
const ECHO_REQUEST = 0x01;
const MAX_NODE_LENGTH = 253;
const MAX_IFNAME_LENGTH = 15;

export type HeartbeatKind = keyof typeof KIND_CODES;

/** "I heard instance X up to seq N": proves to X that this frame is younger than its own. */
export interface HeartbeatEcho {
  /** 16 hex digits. */
  instance: string;
  seq: number;
  /** The sender has not accepted X yet and asks X for the same proof in return. */
  request: boolean;
}

export interface Heartbeat {
  /** The sending interface's MAC (the Ethernet source, covered by the tag). */
  src: string;
  kind: HeartbeatKind;
  /** The sender listened long enough on this interface and takes its part in elections. */
  ready: boolean;
  /** The sender's heartbeat interval (1..65535 ms). */
  intervalMs: number;
  /** 16 hex digits, random per speaker process. */
  instance: string;
  /** Per instance, +1 per frame sent (uint32). */
  seq: number;
  node: string;
  ifname: string;
  echoes: HeartbeatEcho[];
}

/** One tag of a frame: the key that made it (16 hex digits) and the tag itself. */
export interface HeartbeatTag {
  keyId: string;
  tag: Uint8Array;
}

/** How a sender tags: the key's id and its (truncated or not) HMAC of the signed bytes. */
export interface HeartbeatSigner {
  keyId: string;
  sign(signed: Uint8Array): Uint8Array;
}

export interface DecodedHeartbeat {
  heartbeat: Heartbeat;
  /** The bytes the tags cover (a view into the frame). */
  signed: Uint8Array;
  tags: HeartbeatTag[];
}

/** A cheap look at the EtherType, before any decoding. */
export const isHeartbeatFrame = (frame: Uint8Array): boolean =>
  frame.length >= ETHERNET_HEADER_LENGTH && frame[12] === ETHERTYPE_HEARTBEAT >> 8 && frame[13] === (ETHERTYPE_HEARTBEAT & 0xff);

const HEX = /^[0-9a-f]{16}$/;
const isPrintable = (b: number) => b > 0x20 && b < 0x7f;
/** Kubernetes node names are DNS-1123 subdomains; interface names are printable, no slash. */
const NODE_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const IFNAME = new RegExp(`^[\\x21-\\x2e\\x30-\\x7e]{1,${MAX_IFNAME_LENGTH}}$`);

function writeHex(out: Uint8Array, at: number, hex: string): void {
  for (let i = 0; i < 8; i++) out[at + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

function readHex(bytes: Uint8Array, at: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += bytes[at + i].toString(16).padStart(2, '0');
  return s;
}

function readAscii(bytes: Uint8Array, at: number, length: number): string | null {
  let s = '';
  for (let i = 0; i < length; i++) {
    const b = bytes[at + i];
    if (!isPrintable(b)) return null;
    s += String.fromCharCode(b);
  }
  return s;
}

function checkFields(h: Heartbeat): string | null {
  if (!Number.isInteger(h.intervalMs) || h.intervalMs < 1 || h.intervalMs > 0xffff) return `interval ${h.intervalMs} ms is out of 1..65535`;
  if (!HEX.test(h.instance)) return 'instance must be 16 hex digits';
  if (!Number.isInteger(h.seq) || h.seq < 0 || h.seq > 0xffffffff) return `seq ${h.seq} is not a uint32`;
  if (h.node.length > MAX_NODE_LENGTH || !NODE_NAME.test(h.node)) return `node name "${h.node}" is not a DNS-1123 subdomain`;
  if (!IFNAME.test(h.ifname)) return `interface name "${h.ifname}" is not 1..15 printable characters`;
  if (h.echoes.length > MAX_HEARTBEAT_ECHOES) return `${h.echoes.length} echoes, at most ${MAX_HEARTBEAT_ECHOES}`;
  for (const e of h.echoes) if (!HEX.test(e.instance) || !Number.isInteger(e.seq) || e.seq < 0 || e.seq > 0xffffffff) return 'bad echo';
  return null;
}

export const heartbeatLength = (h: Pick<Heartbeat, 'node' | 'ifname' | 'echoes'>, tags = 1): number =>
  FIXED_LENGTH + 1 + h.node.length + 1 + h.ifname.length + 1 + h.echoes.length * ECHO_LENGTH + 1 + tags * TAGGED_LENGTH;

/** Lays out the frame and appends one tag per signer (each truncated to 16 bytes). */
export function encodeHeartbeat(h: Heartbeat, signers: readonly HeartbeatSigner[]): Result<Uint8Array, PacketError> {
  const problem = checkFields(h);
  if (problem) return err(packetError('malformed', problem));
  if (signers.length < 1 || signers.length > MAX_HEARTBEAT_TAGS) return err(packetError('malformed', `${signers.length} tags, 1 or ${MAX_HEARTBEAT_TAGS} allowed`));
  if (signers.some((s) => !HEX.test(s.keyId))) return err(packetError('malformed', 'key ids must be 16 hex digits'));
  const src = parseMac(h.src);
  if (!src.ok) return err(packetError('invalidAddress', src.error));
  const out = new Uint8Array(heartbeatLength(h, signers.length));
  out.set((parseMac(HEARTBEAT_MAC) as { ok: true; value: Uint8Array }).value, 0);
  out.set(src.value, 6);
  out[12] = ETHERTYPE_HEARTBEAT >> 8;
  out[13] = ETHERTYPE_HEARTBEAT & 0xff;
  out.set(MAGIC, 14);
  out[17] = VERSION;
  out[18] = KIND_CODES[h.kind];
  out[19] = h.ready ? FLAG_READY : 0;
  const view = new DataView(out.buffer);
  view.setUint16(20, h.intervalMs);
  writeHex(out, 22, h.instance);
  view.setUint32(30, h.seq);
  let at = FIXED_LENGTH;
  for (const text of [h.node, h.ifname]) {
    out[at++] = text.length;
    for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  }
  out[at++] = h.echoes.length;
  for (const e of h.echoes) {
    writeHex(out, at, e.instance);
    view.setUint32(at + 8, e.seq);
    out[at + 12] = e.request ? ECHO_REQUEST : 0;
    at += ECHO_LENGTH;
  }
  const signed = out.subarray(0, at);
  out[at++] = signers.length;
  for (const s of signers) {
    const tag = s.sign(signed);
    if (tag.length < HEARTBEAT_TAG_LENGTH) return err(packetError('malformed', `tag of ${tag.length} bytes, need ${HEARTBEAT_TAG_LENGTH}`));
    writeHex(out, at, s.keyId);
    out.set(tag.subarray(0, HEARTBEAT_TAG_LENGTH), at + KEY_ID_LENGTH);
    at += TAGGED_LENGTH;
  }
  return ok(out);
}

const truncated = (what: string, need: number, got: number) =>
  err(packetError('truncated', `heartbeat ${what} needs ${need} bytes, the frame has ${got}`));

function readHeader(frame: Uint8Array): Result<{ kind: HeartbeatKind; ready: boolean }, PacketError> {
  if (frame.length < FIXED_LENGTH) return truncated('header', FIXED_LENGTH, frame.length);
  if (!isHeartbeatFrame(frame)) return err(packetError('unsupported', 'not the heartbeat EtherType'));
  if (frame[14] !== MAGIC[0] || frame[15] !== MAGIC[1] || frame[16] !== MAGIC[2]) return err(packetError('unsupported', 'no ILB magic'));
  if (frame[17] !== VERSION) return err(packetError('unsupported', `heartbeat version ${frame[17]}`));
  const kind = frame[18] === KIND_CODES.alive ? 'alive' : frame[18] === KIND_CODES.leaving ? 'leaving' : null;
  if (!kind) return err(packetError('malformed', `heartbeat kind ${frame[18]}`));
  if ((frame[19] & ~FLAG_READY) !== 0) return err(packetError('malformed', `unknown heartbeat flags 0x${frame[19].toString(16)}`));
  return ok({ kind, ready: (frame[19] & FLAG_READY) !== 0 });
}

/** A length-prefixed printable name at `at`; `end` is where the next field starts. */
function readName(frame: Uint8Array, at: number, what: string, max: number): Result<{ text: string; end: number }, PacketError> {
  if (frame.length < at + 1) return truncated(`${what} length`, at + 1, frame.length);
  const n = frame[at];
  if (n < 1 || n > max) return err(packetError('malformed', `${what} of ${n} bytes`));
  if (frame.length < at + 1 + n) return truncated(what, at + 1 + n, frame.length);
  const text = readAscii(frame, at + 1, n);
  if (text === null) return err(packetError('malformed', `${what} is not printable ASCII`));
  return ok({ text, end: at + 1 + n });
}

/** The tag count and tags from `at` to the end of the frame. */
function readTags(frame: Uint8Array, at: number): Result<HeartbeatTag[], PacketError> {
  if (frame.length < at + 1) return truncated('tag count', at + 1, frame.length);
  const count = frame[at++];
  if (count < 1 || count > MAX_HEARTBEAT_TAGS) return err(packetError('malformed', `${count} tags`));
  const end = at + count * TAGGED_LENGTH;
  if (frame.length < end) return truncated('tags', end, frame.length);
  // Our frames are never shorter than Ethernet's 60-byte minimum, so nothing pads them.
  if (frame.length > end) return err(packetError('malformed', `${frame.length - end} bytes after the tags`));
  const tags: HeartbeatTag[] = [];
  for (; at < end; at += TAGGED_LENGTH) tags.push({ keyId: readHex(frame, at), tag: frame.subarray(at + KEY_ID_LENGTH, at + TAGGED_LENGTH) });
  return ok(tags);
}

/** Decodes untrusted bytes; the tags are returned for the caller to check, not checked here. */
export function decodeHeartbeat(frame: Uint8Array): Result<DecodedHeartbeat, PacketError> {
  const header = readHeader(frame);
  if (!header.ok) return header;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const intervalMs = view.getUint16(20);
  if (intervalMs === 0) return err(packetError('malformed', 'heartbeat interval 0'));
  const node = readName(frame, FIXED_LENGTH, 'node name', MAX_NODE_LENGTH);
  if (!node.ok) return node;
  if (!NODE_NAME.test(node.value.text)) return err(packetError('malformed', 'node name is not a DNS-1123 subdomain'));
  const ifname = readName(frame, node.value.end, 'interface name', MAX_IFNAME_LENGTH);
  if (!ifname.ok) return ifname;
  if (!IFNAME.test(ifname.value.text)) return err(packetError('malformed', 'interface name holds a slash'));
  let at = ifname.value.end;
  if (frame.length < at + 1) return truncated('echo count', at + 1, frame.length);
  const count = frame[at++];
  if (count > MAX_HEARTBEAT_ECHOES) return err(packetError('malformed', `${count} echoes`));
  const tagAt = at + count * ECHO_LENGTH;
  if (frame.length < tagAt) return truncated('echoes', tagAt, frame.length);
  const tags = readTags(frame, tagAt);
  if (!tags.ok) return tags;
  const echoes: HeartbeatEcho[] = [];
  for (let i = 0; i < count; i++, at += ECHO_LENGTH) {
    if ((frame[at + 12] & ~ECHO_REQUEST) !== 0) return err(packetError('malformed', 'unknown echo flags'));
    echoes.push({ instance: readHex(frame, at), seq: view.getUint32(at + 8), request: frame[at + 12] === ECHO_REQUEST });
  }
  return ok({
    heartbeat: {
      src: formatMac(frame, 6),
      kind: header.value.kind,
      ready: header.value.ready,
      intervalMs,
      instance: readHex(frame, 22),
      seq: view.getUint32(30),
      node: node.value.text,
      ifname: ifname.value.text,
      echoes,
    },
    signed: frame.subarray(0, tagAt),
    tags: tags.value,
  });
}
