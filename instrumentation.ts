// Next.js start-up hook (Node runtime only): open the accounts store (so a generated first admin
// password prints at boot, once), start the embedded worker once per server process, and keep
// its last stream batches from the first one on (server/host/stream-feed).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { prepareAuth } = await import('./server/auth/store');
  await prepareAuth();
  const { getWorkerHost } = await import('./server/host/worker-host');
  const { getStreamFeed } = await import('./server/host/stream-feed');
  getStreamFeed(getWorkerHost());
  getWorkerHost().start();
}
