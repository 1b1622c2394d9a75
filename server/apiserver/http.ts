// HTTP plumbing: bounded body reading, JSON responses, Status errors, bearer-token check.
// Every JSON response goes out as application/json (client-node refuses anything else); a large
// one is gzipped when the client accepts it, as kube-apiserver does (above 128 KiB, fastest level).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants as zlib, gzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { decodeProtobufObject, PROTOBUF_MAGIC } from './protobuf-decode';
import { ApiError, badRequest, tooLarge, unsupportedMediaType } from './status-errors';

export const BODY_LIMIT = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`the body of the request could not be decoded as JSON: ${(e as Error).message}`);
  }
}

/**
 * A create/update body: JSON, YAML when sent as application/yaml, or protobuf for the built-in kinds
 * (kubectl 1.33's `create` and `auth` send those that way); custom resources in protobuf are a 415.
 */
export function parseObjectBody(contentType: string | undefined, body: Buffer): unknown {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media === 'application/vnd.kubernetes.protobuf' || body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    const decoded = decodeProtobufObject(body);
    if (decoded.ok) return decoded.value;
    const e = unsupportedMediaType(media, ['application/json', 'application/yaml']);
    throw new ApiError(415, e.reason, `${e.message} (${decoded.error})`);
  }
  const text = body.toString('utf8');
  if (media === 'application/yaml') {
    try {
      return parseYaml(text);
    } catch (e) {
      throw badRequest(`the body of the request could not be decoded as YAML: ${(e as Error).message}`);
    }
  }
  return parseJsonBody(text);
}

/** Smaller answers go out as they are: compressing them costs more than it saves. */
export const GZIP_THRESHOLD = 128 * 1024;

/** Whether an Accept-Encoding header admits gzip (`gzip`, `gzip;q=0.5`, `*`; not `gzip;q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export function sendJson(res: ServerResponse, code: number, json: string) {
  if (res.headersSent) return;
  const size = Buffer.byteLength(json);
  if (size >= GZIP_THRESHOLD && acceptsGzip(res.req?.headers['accept-encoding'])) {
    const body = gzipSync(json, { level: zlib.Z_BEST_SPEED });
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': size });
  res.end(json);
}

export function sendError(res: ServerResponse, error: ApiError) {
  sendJson(res, error.code, JSON.stringify(error.toStatus()));
}

export function sendBytes(res: ServerResponse, contentType: string, bytes: Buffer) {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  res.end(bytes);
}

const TRUE_WORDS = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE_WORDS = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * A boolean query parameter read as the API server reads it (Go's strconv.ParseBool): 1, t, T, TRUE,
 * true, True and the matching false forms; absent or empty is false; anything else is a 400.
 * Python's kubernetes client sends `watch=True`.
 */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === '') return false;
  if (TRUE_WORDS.includes(value)) return true;
  if (FALSE_WORDS.includes(value)) return false;
  throw badRequest(`${name}: Invalid value: "${value}": strconv.ParseBool: parsing "${value}": invalid syntax`);
}

/** `dryRun=All` (the only value the API accepts); anything else is a 400. */
export function parseDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.length === 0) return false;
  if (values.every((v) => v === 'All')) return true;
  throw badRequest(`dryRun: Unsupported value: "${values.find((v) => v !== 'All') ?? ''}": supported values: "All"`);
}

/** `resourceVersion` of a list, get or watch: digits only ("" and "0" mean any); undefined when unset. */
export function queryResourceVersion(query: URLSearchParams): number | undefined {
  const raw = query.get('resourceVersion') ?? '';
  if (raw === '' || raw === '0') return undefined;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw badRequest(`resourceVersion: Invalid value: "${raw}": must be a non-negative integer`);
  return Number(raw);
}

/** `timeoutSeconds`: a non-negative integer; undefined when unset. */
export function queryTimeoutSeconds(query: URLSearchParams): number | undefined {
  const raw = query.get('timeoutSeconds');
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw badRequest(`timeoutSeconds: Invalid value: "${raw}": must be a non-negative integer`);
  return Number(raw);
}
