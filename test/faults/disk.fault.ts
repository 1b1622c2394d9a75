// The data dir's filesystem misbehaving under the embedded API server: full during writes (a small
// tmpfs), turned read-only while running and at start, and its SQLite file truncated or corrupted
// before a start. Writes fail with words that say why; nothing acknowledged is lost; writes work
// again once the filesystem does; a broken file is refused by name, never wiped.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../../server/apiserver';
import { createKube, createObject, listObjects, RESOURCES, type Kube } from '../../server/kube';
import { Tally, type FaultReport } from './support/scenario';

const DB = 'apiserver.db';

interface Running { api: ApiServer; kube: Kube }

async function start(dataDir: string): Promise<Running> {
  const api = await startApiServer({ dataDir, port: 0 });
  return { api, kube: createKube({ kubeconfigPath: api.kubeconfigPath }) };
}

/** A create; its error as `code message` when it fails. */
async function write(kube: Kube, name: string, size: number): Promise<string | undefined> {
  try {
    await createObject(kube, RESOURCES.configmaps, { metadata: { name, namespace: 'default' }, data: { v: 'x'.repeat(size) } });
    return undefined;
  } catch (e) {
    const err = e as { code?: number; body?: string; message?: string };
    let message = err.message ?? String(e);
    try {
      message = (JSON.parse(err.body ?? '') as { message: string }).message;
    } catch { /* not a Status body */ }
    return `${err.code ?? '?'} ${message}`;
  }
}

async function names(kube: Kube): Promise<Set<string>> {
  return new Set((await listObjects(kube, RESOURCES.configmaps, { namespace: 'default' })).items.map((i) => i.metadata.name ?? ''));
}

const mount = (...args: string[]) => execFileSync('mount', args);

class DiskRun {
  readonly tally = new Tally();
  readonly acked = new Set<string>();
  readonly errors = new Map<string, string>();
  private n = 0;

  constructor(readonly dir: string) {}

  /** Writes until one fails (or `max` succeed); returns the failure. */
  async fill(kube: Kube, size: number, max = 10_000): Promise<string | undefined> {
    for (let i = 0; i < max; i++) {
      const name = `cm-${++this.n}`;
      const failed = await write(kube, name, size);
      if (failed) return failed;
      this.acked.add(name);
    }
    return undefined;
  }

  /** A failed write must be a 503 that says why (`want`), not an internal error. */
  expectClearError(step: string, failure: string | undefined, want: RegExp) {
    this.tally.faults++;
    this.errors.set(step, failure ?? 'no error');
    if (!failure || !failure.startsWith('503 ') || !want.test(failure)) this.tally.record('wrongError', step, `wanted a 503 matching ${want}, got: ${failure ?? 'success'}`);
  }

  async checkAcked(step: string, kube: Kube) {
    this.tally.check(step, { now: { services: [], pools: [] }, acknowledged: this.acked, present: await names(kube) });
  }

  async expectWritable(step: string, kube: Kube) {
    const failed = await this.fill(kube, 10, 3);
    if (failed) this.tally.record('wrongError', step, `writes still fail: ${failed}`);
  }
}

async function diskFull(run: DiskRun) {
  mount('-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', run.dir);
  let r = await start(run.dir);
  run.expectClearError('filesystem full', await run.fill(r.kube, 20_000), /no space left|full/i);
  run.expectClearError('a small write while full', await write(r.kube, 'small-while-full', 10), /no space left|full/i);
  await run.checkAcked('the filesystem filled', r.kube);
  mount('-o', 'remount,size=64m', run.dir);
  await run.expectWritable('space returned', r.kube);
  await run.checkAcked('space returned', r.kube);
  await r.api.close();
  r = await start(run.dir);
  await run.checkAcked('a restart after the filesystem was full', r.kube);
  return r;
}

async function readOnly(run: DiskRun, r: Running) {
  // The kernel refuses to remount a filesystem read-only while a file on it is open for writing,
  // so the read-only case is a start on a data dir that is read-only already.
  await r.api.close();
  mount('-o', 'remount,ro', run.dir);
  run.tally.faults++;
  const refusal = await start(run.dir).then(async (s) => {
    await s.api.close();
    return 'started';
  }, (e: Error) => e.message);
  run.errors.set('start on a read-only data dir', refusal);
  if (!refusal.includes(run.dir) || !/read-only/i.test(refusal)) run.tally.record('wrongError', 'start on a read-only data dir', `wanted a refusal naming ${run.dir} and saying read-only, got: ${refusal}`);
  mount('-o', 'remount,rw', run.dir);
}

/** Starts on a damaged copy of the database: a refusal naming the file and leaving it as it was, or every acknowledged write. */
async function damaged(run: DiskRun, how: string, damage: (file: string) => void) {
  const copy = mkdtempSync(join(tmpdir(), 'ironlb-fault-damaged-'));
  try {
    const file = join(copy, DB);
    copyFileSync(join(run.dir, DB), file);
    damage(file);
    const bytes = readFileSync(file);
    run.tally.faults++;
    const started = await start(copy).catch((e: Error) => e);
    if (started instanceof Error) {
      run.errors.set(`start on a ${how} database`, started.message);
      if (!started.message.includes(file)) run.tally.record('wrongError', how, `the refusal does not name ${file}: ${started.message}`);
      if (!readFileSync(file).equals(bytes)) run.tally.record('lostWrite', file, `the ${how} file was changed by a refused start`);
      return;
    }
    run.errors.set(`start on a ${how} database`, 'started');
    await run.checkAcked(`start on a ${how} database`, started.kube);
    await started.api.close();
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

export async function runDiskFaults(): Promise<FaultReport> {
  const run = new DiskRun(mkdtempSync(join(tmpdir(), 'ironlb-fault-disk-')));
  try {
    const r = await diskFull(run);
    await readOnly(run, r);
    const size = statSync(join(run.dir, DB)).size;
    await damaged(run, 'truncated', (f) => truncateSync(f, Math.floor(size / 2)));
    await damaged(run, 'corrupted', (f) => {
      const b = readFileSync(f);
      b.fill(0x5a, 0, Math.min(b.length, 4096));
      writeFileSync(f, b);
    });
  } finally {
    execFileSync('umount', ['-l', run.dir]);
    rmSync(run.dir, { recursive: true, force: true });
  }
  return {
    title: 'Data dir: filesystem full, read-only, damaged SQLite file',
    did: 'The embedded API server on a 3 MiB tmpfs: 20 KB ConfigMaps written until the filesystem is full, one more small write, then the tmpfs grown to 64 MiB; a restart; a start on the data dir remounted read-only (the kernel refuses to remount it read-only under a running server: its database is open for writing); starts on copies of the database truncated to half and with its first 4 KiB overwritten.',
    checked: 'Each failed write is a 503 whose message says the filesystem is full or read-only; every acknowledged write is listed after each fault and after the restart; writes succeed again as soon as the filesystem allows; a refused start names the file or dir and leaves a damaged file byte for byte as it was; a start that succeeds lists every acknowledged write.',
    faults: run.tally.faults,
    violations: run.tally.violations,
    rows: [{ name: 'acknowledged writes checked', value: run.acked.size }, ...[...run.errors].map(([step, e]) => ({ name: `error: ${step}`, value: `\`${e.slice(0, 240).replaceAll('|', '\\|')}\`` }))],
  };
}

export default () => runDiskFaults();
