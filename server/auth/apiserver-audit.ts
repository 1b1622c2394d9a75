// Brings the embedded API server's audit log (<data dir>/apiserver-audit.log, audit.k8s.io/v1 Events of
// writes made with the kubeconfig's token) into the dashboard's audit log, so the Audit page shows kubectl's
// changes beside the dashboard's. Reads only what was appended since the last import.
import 'server-only';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { getAuthDb } from './db';
import { readEnv } from '../env';
import { importAuditEntries, importedAuditOffset, type AuditInput } from './audit-log';

const LOG_FILE = 'apiserver-audit.log';
const BEFORE_ANNOTATION = 'audit.ironlb.io/object-before';
const MAX_READ = 4 * 1024 * 1024;

type KubeAuditEvent = {
  verb?: string;
  user?: { username?: string };
  objectRef?: { resource?: string; namespace?: string; name?: string; subresource?: string };
  responseObject?: { kind?: string; metadata?: { name?: string } };
  stageTimestamp?: string;
  annotations?: Record<string, string>;
};

function toEntry(event: KubeAuditEvent): { input: AuditInput; at: number } {
  const ref = event.objectRef ?? {};
  const kind = event.responseObject?.kind?.replace(/List$/, '') ?? ref.resource ?? 'Object';
  const name = ref.name ?? event.responseObject?.metadata?.name ?? '';
  const resource = [kind, ref.namespace, name].filter(Boolean).join('/') + (ref.subresource ? `/${ref.subresource}` : '');
  let before: unknown = null;
  try { before = JSON.parse(event.annotations?.[BEFORE_ANNOTATION] ?? 'null'); } catch { /* recorded as null */ }
  const deleting = event.verb === 'delete' || event.verb === 'deletecollection';
  return {
    input: {
      principal: { name: event.user?.username ?? 'unknown', role: 'admin', via: 'kubeconfig' },
      action: event.verb ?? 'write', resource, before, after: deleting ? null : event.responseObject ?? null,
    },
    at: Date.parse(event.stageTimestamp ?? '') || Date.now(),
  };
}

/** Imports the lines appended since the last call (whole lines only). Quick when nothing is new. */
export function syncApiServerAudit(dataDir = readEnv().IRONLB_DATA_DIR): void {
  const file = path.resolve(dataDir, LOG_FILE);
  if (!existsSync(file)) return;
  const db = getAuthDb(dataDir);
  const from = importedAuditOffset(db, LOG_FILE);
  const size = statSync(file).size;
  if (size <= from) return;
  const buf = Buffer.alloc(Math.min(size - from, MAX_READ));
  const fd = openSync(file, 'r');
  try { readSync(fd, buf, 0, buf.length, from); } finally { closeSync(fd); }
  const end = buf.lastIndexOf(0x0a) + 1;
  if (end === 0) return;
  const entries = buf.subarray(0, end).toString('utf8').split('\n').filter((l) => l.trim() !== '').flatMap((line) => {
    try { return [toEntry(JSON.parse(line) as KubeAuditEvent)]; } catch { return []; }
  });
  importAuditEntries(db, LOG_FILE, from, from + end, entries);
}
