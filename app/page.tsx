export default function OverviewPage() {
  return (
    <main className="p-6">
      <h1 className="text-xl font-semibold">ironlb</h1>
      <p className="text-sm text-zinc-500">Layer2 load balancing for bare-metal Kubernetes.</p>
    </main>
  );
}
