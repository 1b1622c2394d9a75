// metav1.Status errors with Kubernetes' own reasons, codes and message wording.
// Handlers throw ApiError; http.ts turns it into the response body. Nothing else builds Status JSON.
import type { FieldError } from './types';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason: string; message: string; field: string }[];
  retryAfterSeconds?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** A resource as Kubernetes names it in messages: `services`, `ipaddresspools.metallb.io`. */
export interface ResourceName {
  group: string;
  resource: string;
  kind: string;
}

const qualifiedResource = (r: ResourceName) => (r.group ? `${r.resource}.${r.group}` : r.resource);
const qualifiedKind = (r: ResourceName) => (r.group ? `${r.kind}.${r.group}` : r.kind);
const detailsOf = (r: ResourceName, name: string): StatusDetails => ({
  name,
  ...(r.group ? { group: r.group } : {}),
  kind: r.resource,
});

export const notFound = (r: ResourceName, name: string) =>
  new ApiError(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, detailsOf(r, name));

export const pathNotFound = () =>
  new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

export const alreadyExists = (r: ResourceName, name: string) =>
  new ApiError(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, detailsOf(r, name));

export const conflict = (r: ResourceName, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why}`, detailsOf(r, name));

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

export const forbidden = (message: string, r?: ResourceName, name?: string) =>
  new ApiError(403, 'Forbidden', message, r && name !== undefined ? detailsOf(r, name) : undefined);

export const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const methodNotAllowed = () =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

export const unsupportedMediaType = (contentType: string, accepted: string[]) =>
  new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, {
    ...(contentType ? { causes: [{ reason: 'UnexpectedServerResponse', message: `unsupported media type "${contentType}"`, field: '' }] } : {}),
  });

export const tooLarge = (limit: number) =>
  new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);

export const expired = (requested: number, oldest: number) =>
  new ApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);

/** The write could not be stored (filesystem full, read-only): retrying later may succeed. */
export const storageUnavailable = (message: string) => new ApiError(503, 'ServiceUnavailable', `storage unavailable: ${message}`);

export const internalError = (message: string) =>
  new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: 'UnexpectedServerResponse', message, field: '' }] });

/** 422 Invalid, worded as the API server words field errors (`spec.type: Unsupported value: ...`). */
export function invalid(r: ResourceName, name: string, errors: FieldError[]): ApiError {
  const lines = errors.map((e) => `${e.field}: ${e.message}`);
  const summary = lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualifiedKind(r)} "${name}" is invalid: ${summary}`, {
    ...detailsOf(r, name),
    kind: r.kind,
    causes: errors.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
  });
}

/** Field-error constructors with the API server's wording. */
export const fieldErrors = {
  required: (field: string, detail = ''): FieldError => ({ field, type: 'FieldValueRequired', message: `Required value${detail ? `: ${detail}` : ''}` }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({ field, type: 'FieldValueInvalid', message: `Invalid value: ${formatValue(value)}: ${detail}` }),
  duplicate: (field: string, value: unknown): FieldError => ({ field, type: 'FieldValueDuplicate', message: `Duplicate value: ${formatValue(value)}` }),
  notSupported: (field: string, value: unknown, supported: string[]): FieldError => ({
    field,
    type: 'FieldValueNotSupported',
    message: `Unsupported value: ${formatValue(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ field, type: 'FieldValueForbidden', message: `Forbidden: ${detail}` }),
};

function formatValue(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A webhook denial as kubectl users see MetalLB's: 403 Forbidden from controller-runtime's Denied(). */
export const webhookDenied = (webhook: string, message: string) =>
  new ApiError(403, 'Forbidden', `admission webhook "${webhook}" denied the request: ${message}`);
