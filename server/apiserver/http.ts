// HTTP plumbing: bounded body reading, JSON responses, Status errors, bearer-token check.
// Every JSON response goes out as application/json (client-node refuses anything else).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * A create/update body: JSON, YAML when sent as application/yaml, or protobuf for the kinds kubectl 1.33's
 * `create namespace|configmap|service|deployment|secret|serviceaccount` send that way (anything else in protobuf is a 415).
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

export function sendJson(res: ServerResponse, code: number, json: string) {
  if (res.headersSent) return;
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

export function sendError(res: ServerResponse, error: ApiError) {
  sendJson(res, error.code, JSON.stringify(error.toStatus()));
}

export function sendBytes(res: ServerResponse, contentType: string, bytes: Buffer) {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  res.end(bytes);
}

export function hasValidToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m) return false;
  const given = Buffer.from(m[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

/** `dryRun=All` (the only value the API accepts); anything else is a 400. */
export function parseDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.length === 0) return false;
  if (values.every((v) => v === 'All')) return true;
  throw badRequest(`dryRun: Unsupported value: "${values.find((v) => v !== 'All') ?? ''}": supported values: "All"`);
}
