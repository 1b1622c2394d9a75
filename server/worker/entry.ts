// Worker-thread entry (bundled to dist/worker.mjs): boots the runtime and serves the host's requests.
import { parentPort } from 'node:worker_threads';
import { type WorkerPush, type WorkerReply, type WorkerRequest } from './protocol';
import { OpError } from '../http/op-error';
import { createRuntime } from './runtime';
import { handlers } from './ops';
import { startDashboard } from '../dashboard/dashboard';

if (!parentPort) throw new Error('server/worker/entry must run in a worker thread');
const port = parentPort;

const controller = new AbortController();
const runtime = createRuntime((push: WorkerPush) => port.postMessage(push));
const ready = runtime.start(controller.signal);
// The dashboard starts with the runtime, not with the first request: its history ledger records
// from the watch stream from the first moment, whether or not anyone looks.
ready.then(
  () => {
    try {
      startDashboard(runtime, controller.signal);
    } catch (err) {
      console.error('[ironlb worker] dashboard start failed:', err);
    }
  },
  (err: unknown) => console.error('[ironlb worker] start failed:', err),
);

port.on('message', (msg: WorkerRequest) => {
  void answer(msg).then((reply) => port.postMessage(reply));
});

async function answer(msg: WorkerRequest): Promise<WorkerReply> {
  try {
    if (msg.op === 'ping') return { kind: 'reply', id: msg.id, ok: true, value: { pong: true, ...runtime.describe() } };
    if (msg.op === 'shutdown') {
      controller.abort();
      await runtime.stopped();
      return { kind: 'reply', id: msg.id, ok: true, value: {} };
    }
    const handler = handlers[msg.op];
    if (!handler) throw new OpError(400, 'UnknownOp', `unknown worker operation "${msg.op}"`);
    await ready;
    const value = await handler(runtime, msg.args);
    return { kind: 'reply', id: msg.id, ok: true, value };
  } catch (err) {
    if (err instanceof OpError) {
      return { kind: 'reply', id: msg.id, ok: false, status: err.status, code: err.code, message: err.message, issues: err.issues };
    }
    console.error(`[ironlb worker] op ${msg.op} failed:`, err);
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'reply', id: msg.id, ok: false, status: 500, code: 'Internal', message };
  }
}
