// One HTTP request: authenticate, route, dispatch by verb, answer. Any unexpected exception becomes a
// logged 500 Status; nothing a client sends can take the server down.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext, WriteResult } from './context';
import type { AuditedWrite } from './audit';
import { coreVersionsJson, groupJson, groupListJson, resourceList, rootPathsJson, SERVER_VERSION } from './discovery';
import { openApiV2Document, openApiV2Json, openApiV3Document, openApiV3Root } from './openapi';
import { queryBool, queryResourceVersion, queryTimeoutSeconds, parseDryRun, parseJsonBody, parseObjectBody, readBody, sendBytes, sendError, sendJson } from './http';
import { patchObject } from './patch-op';
import { listEntries, listJson } from './reads';
import { route, type Route } from './router';
import { StorageError } from './sqlite-writer';
import { ApiError, badRequest, internalError, methodNotAllowed, notFound, pathNotFound, storageUnavailable, unauthorized } from './status-errors';
import { identify, type Credentials, type Identity } from './identity';
import type { ResourceDef } from './registry';
import type { Review } from './reviews';
import { getScale, patchScale, updateScale } from './scale';
import { negotiate, partialJson, partialListJson, tableJson } from './tables';
import { serveWatch, type WatchTuning } from './watch-handler';
import { wireJson } from './wire';
import type { RbacPolicy } from '../../lib/rbac/evaluate';
import { forbiddenByRbac, mayDo, requestAttributes } from './access';
import type { RequestLog } from './request-log';
import { isMap } from './json-path';
import { createObject, deleteObject, parseDeleteOptions, updateObject } from './writes';

export interface HandlerConfig {
  credentials: Credentials;
  policy: () => RbacPolicy;
  requests: RequestLog;
  serverAddress: () => string;
  tuning: WatchTuning;
}

type ResourceRoute = Extract<Route, { kind: 'resource' }>;

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  who: Identity;
}

export function createHandler(ctx: ApiContext, config: HandlerConfig) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handle(ctx, config, req, res).catch((e: unknown) => {
      if (e instanceof ApiError) {
        sendError(res, e);
        return;
      }
      if (e instanceof StorageError && !res.headersSent) {
        ctx.logger.error({ op: 'request', method: req.method, url: req.url, err: e }, 'write not stored');
        sendError(res, storageUnavailable(e.message));
        return;
      }
      ctx.logger.error({ op: 'request', method: req.method, url: req.url, err: e }, 'request failed');
      if (res.headersSent) res.destroy();
      else sendError(res, internalError(e instanceof Error ? e.message : String(e)));
    });
  };
}

async function handle(ctx: ApiContext, config: HandlerConfig, req: IncomingMessage, res: ServerResponse) {
  const who = identify(req, config.credentials, ctx.store);
  if (!who) throw unauthorized();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const r = route(ctx.registry, url.pathname);
  if (r.kind === 'resource') {
    const attrs = requestAttributes(r, req.method ?? 'GET', url.searchParams);
    const allowed = mayDo(config.policy, who, attrs);
    config.requests.record({ ...attrs, user: who.username, allowed, at: ctx.now() });
    if (!allowed) throw forbiddenByRbac(who, attrs);
    return handleResource(ctx, config, r, { req, res, url, who });
  }
  if (r.kind === 'not-found') throw pathNotFound();
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
  return serveDocument(ctx, config, r, req, res);
}

function serveDocument(ctx: ApiContext, config: HandlerConfig, r: Route, req: IncomingMessage, res: ServerResponse) {
  const send = (json: string | undefined) => {
    if (json === undefined) throw pathNotFound();
    sendJson(res, 200, json);
  };
  switch (r.kind) {
    case 'root': return send(rootPathsJson(ctx.registry));
    case 'version': return send(JSON.stringify(SERVER_VERSION));
    case 'api': return send(coreVersionsJson(config.serverAddress()));
    case 'apis': return send(groupListJson(ctx.registry));
    case 'group': return send(groupJson(ctx.registry, r.group));
    case 'group-version': return send(resourceList(ctx.registry, r.group, r.version));
    case 'openapi-v2':
      // kubectl asks for protobuf; anything that asks for JSON only gets JSON.
      if (/application\/json/.test(req.headers.accept ?? '') && !/protobuf/.test(req.headers.accept ?? '')) return send(openApiV2Json(ctx));
      return sendBytes(res, 'application/octet-stream', openApiV2Document(ctx));
    case 'openapi-v3': return send(openApiV3Root(ctx));
    case 'openapi-v3-doc': return send(openApiV3Document(ctx, r.path));
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    default: throw pathNotFound();
  }
}

async function handleResource(ctx: ApiContext, config: HandlerConfig, r: ResourceRoute, call: Call) {
  const { req, url } = call;
  const method = req.method ?? 'GET';
  if (r.def.warning) call.res.setHeader('Warning', `299 - ${JSON.stringify(r.def.warning)}`);
  if (r.def.review) return answerReview(r.def.review, r.def, call, config.policy);
  if (r.subresource === 'scale') return handleScale(ctx, r, call);
  if (method === 'GET' || method === 'HEAD') return handleRead(ctx, config, r, call);
  const dryRun = parseDryRun(url.searchParams);
  const receivedAt = new Date();
  const body = await readBody(req);
  let result: WriteResult;
  let requestObject: unknown;
  let verb: string;
  let anyDryRun = dryRun;
  const subresource = r.subresource === 'status' ? 'status' : undefined;
  const before = r.name !== undefined ? ctx.store.getCommitted(r.def.storage, r.def.namespaced ? r.namespace ?? '' : '', r.name)?.obj : undefined;
  if (method === 'POST' && r.name === undefined) {
    if (r.def.namespaced && r.namespace === undefined) throw methodNotAllowed();
    verb = 'create';
    requestObject = parseObjectBody(req.headers['content-type'], body);
    result = await createObject(ctx, r.def, r.namespace, requestObject, { dryRun });
  } else if (method === 'PUT' && r.name !== undefined) {
    verb = 'update';
    requestObject = parseObjectBody(req.headers['content-type'], body);
    result = await updateObject(ctx, r.def, r.namespace, r.name, requestObject, { dryRun, subresource });
  } else if (method === 'PATCH' && r.name !== undefined) {
    verb = 'patch';
    requestObject = body.toString('utf8');
    result = await patchObject(ctx, r.def, r.namespace, r.name, req.headers['content-type'] ?? '', body.toString('utf8'), {
      dryRun, subresource, fieldManager: url.searchParams.get('fieldManager') ?? undefined,
    });
  } else if (method === 'DELETE' && r.name !== undefined && r.subresource === undefined) {
    verb = 'delete';
    const text = body.toString('utf8');
    const options = text.trim() === '' ? undefined : parseJsonBody(text);
    requestObject = options;
    anyDryRun = dryRun || (isMap(options) && Array.isArray(options.dryRun) && options.dryRun.includes('All'));
    result = await deleteObject(ctx, r.def, r.namespace, r.name, parseDeleteOptions(options), anyDryRun);
  } else if (method === 'DELETE' && r.name === undefined) {
    // Like the API server: a namespaced kind has no deletecollection across all namespaces.
    if (r.def.namespaced && r.namespace === undefined) throw methodNotAllowed();
    verb = 'deletecollection';
    result = await deleteCollection(ctx, r, url.searchParams, dryRun);
  } else {
    throw methodNotAllowed();
  }
  if (call.who.audited && !anyDryRun && result.code < 400) {
    const responseObject = JSON.parse(result.json) as { metadata?: { name?: string } };
    recordAudit(ctx, {
      req, who: call.who, verb, def: r.def, namespace: r.namespace, name: r.name ?? (verb === 'create' ? responseObject.metadata?.name : undefined),
      subresource: r.subresource, code: result.code, requestObject, responseObject, before: before ?? null, receivedAt,
    });
  }
  sendJson(call.res, result.code, result.json);
}

/**
 * The write is committed by now: an audit log that cannot be appended to (a full filesystem) is
 * logged, and the client still hears that its write was stored.
 */
function recordAudit(ctx: ApiContext, write: AuditedWrite) {
  try {
    ctx.audit?.(write);
  } catch (e) {
    ctx.logger.error({ op: 'audit', verb: write.verb, resource: write.def.resource, name: write.name, err: e }, 'audit log write failed');
  }
}

async function answerReview(review: Review, def: ResourceDef, call: Call, policy: () => RbacPolicy) {
  if (call.req.method !== 'POST') throw methodNotAllowed();
  const body = parseObjectBody(call.req.headers['content-type'], await readBody(call.req));
  if (!isMap(body)) throw badRequest('the body of the request was not a JSON object');
  if (body.kind !== undefined && body.kind !== def.kind) throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${def.kind})`);
  const answer = { kind: def.kind, apiVersion: def.apiVersion, metadata: { creationTimestamp: null }, ...review(body, call.who, policy) };
  sendJson(call.res, 201, JSON.stringify(answer));
}

async function handleScale(ctx: ApiContext, r: ResourceRoute, call: Call) {
  const name = r.name ?? '';
  const method = call.req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return sendJson(call.res, 200, getScale(ctx, r.def, r.namespace, name).json);
  const dryRun = parseDryRun(call.url.searchParams);
  const receivedAt = new Date();
  const body = await readBody(call.req);
  const before = getScale(ctx, r.def, r.namespace, name).json;
  let result: WriteResult;
  if (method === 'PUT') result = await updateScale(ctx, r.def, r.namespace, name, parseObjectBody(call.req.headers['content-type'], body), dryRun);
  else if (method === 'PATCH') result = await patchScale(ctx, r.def, r.namespace, name, call.req.headers['content-type'] ?? '', body.toString('utf8'), dryRun);
  else throw methodNotAllowed();
  if (call.who.audited && !dryRun) {
    recordAudit(ctx, {
      req: call.req, who: call.who, verb: method === 'PUT' ? 'update' : 'patch', def: r.def, namespace: r.namespace, name, subresource: 'scale',
      code: result.code, requestObject: body.toString('utf8'), responseObject: JSON.parse(result.json) as unknown, before: JSON.parse(before) as unknown, receivedAt,
    });
  }
  sendJson(call.res, result.code, result.json);
}

async function deleteCollection(ctx: ApiContext, r: ResourceRoute, query: URLSearchParams, dryRun: boolean): Promise<WriteResult> {
  const page = listEntries(ctx, r.def, r.namespace, query);
  // Each delete is staged when called; awaiting them together lets them share one commit.
  const results = await Promise.all(page.entries.map((e) => deleteObject(ctx, r.def, e.obj.metadata.namespace, e.obj.metadata.name ?? '', {}, dryRun)));
  const deleted = results.map((d) => d.json);
  return { code: 200, json: `{"kind":"${r.def.kind}List","apiVersion":"${r.def.apiVersion}","metadata":{"resourceVersion":"${ctx.store.currentRv()}"},"items":[${deleted.join(',')}]}` };
}

function handleRead(ctx: ApiContext, config: HandlerConfig, r: ResourceRoute, call: Call) {
  const { req, res, url } = call;
  const query = url.searchParams;
  const rendering = negotiate(req.headers.accept, query);
  queryResourceVersion(query);
  queryTimeoutSeconds(query);
  if (r.name === undefined) {
    if (r.watchPath || queryBool(query, 'watch')) {
      serveWatch(ctx, { def: r.def, namespace: r.namespace, query, rendering }, req, res, config.tuning);
      return;
    }
    const page = listEntries(ctx, r.def, r.namespace, query, { table: rendering.kind === 'table' });
    const meta: Record<string, unknown> = { resourceVersion: String(page.rv), ...(page.continueToken ? { continue: page.continueToken, remainingItemCount: page.remaining } : {}) };
    if (rendering.kind === 'table') return sendJson(res, 200, tableJson(r.def, page.entries, rendering, ctx.now(), meta));
    if (rendering.kind === 'partial') return sendJson(res, 200, partialListJson(page.entries, rendering.apiVersion, meta));
    return sendJson(res, 200, listJson(r.def, page));
  }
  if (r.watchPath) {
    query.set('fieldSelector', [query.get('fieldSelector'), `metadata.name=${r.name}`].filter(Boolean).join(','));
    serveWatch(ctx, { def: r.def, namespace: r.namespace, query, rendering }, req, res, config.tuning);
    return;
  }
  const entry = ctx.store.getCommitted(r.def.storage, r.def.namespaced ? r.namespace ?? '' : '', r.name);
  if (!entry) throw notFound(r.def, r.name);
  if (rendering.kind === 'table') return sendJson(res, 200, tableJson(r.def, [entry], rendering, ctx.now(), { resourceVersion: String(entry.rv) }));
  if (rendering.kind === 'partial') return sendJson(res, 200, partialJson(entry, rendering.apiVersion));
  return sendJson(res, 200, wireJson(r.def, entry));
}
