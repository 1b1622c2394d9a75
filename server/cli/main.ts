// `ironlb <command>`: dispatches to one module per command; each returns the exit code.
const USAGE = `usage: ironlb <command> [options]

commands:
  convert [FILE|-]   convert a legacy MetalLB ConfigMap to IPAddressPool + L2Advertisement YAML
  preview -f FILE    what applying (or --delete) pools and L2Advertisements would move, before you do
  lab                run the embedded cluster (API server, controller, simulated speakers) for kubectl
  controller         run the controller against a cluster (kubeconfig or in-cluster)
  speaker            run the speaker on a node (AF_PACKET; needs CAP_NET_RAW)
  dashboard          serve the dashboard (the container image's third component)
  user               manage dashboard users and API tokens
`;

type Command = (args: string[]) => Promise<number>;

/** The standard streams, for commands that take them as arguments (so tests can pass their own). */
const stdio = () => ({
  stdin: process.stdin,
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
});

const commands: Record<string, () => Promise<Command>> = {
  convert: async () => {
    const { runConvert } = await import('./convert');
    return (args) => runConvert(args, stdio());
  },
  preview: async () => {
    const { runPreview } = await import('./preview');
    return (args) => runPreview(args, { ...stdio(), env: process.env, fetch });
  },
  lab: async () => (await import('./lab')).runLab,
  controller: async () => (await import('./controller')).runController,
  speaker: async () => (await import('./speaker')).runSpeaker,
  dashboard: async () => (await import('./dashboard')).runDashboard,
  user: async () => (await import('./user')).runUser,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`ironlb: unknown command "${name}"\n${USAGE}`);
    return 1;
  }
  const run = await load();
  try {
    return await run(rest);
  } catch (e) {
    // A failure a command did not expect still ends in one line, never a stack trace.
    process.stderr.write(`ironlb ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
