// Messages between the Next.js server (host) and the worker thread. Plain structured-clone data only.

/** host -> worker: one request, answered exactly once by a WorkerReply with the same id. */
export type WorkerRequest = { kind: 'request'; id: number; op: string; args: unknown };

/** worker -> host: the answer to a request. Expected failures carry an HTTP-ish status. */
export type WorkerReply =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; status: number; code: string; message: string; issues?: unknown };

/** worker -> host: a change pushed to every subscriber (server-sent events to the browser). */
export type WorkerPush = { kind: 'push'; topic: string; data: unknown };

export type WorkerMessage = WorkerReply | WorkerPush;
