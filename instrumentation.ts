// Next.js start-up hook: start the embedded worker once per server process (Node runtime only).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getWorkerHost } = await import('./server/worker/host');
  getWorkerHost().start();
}
