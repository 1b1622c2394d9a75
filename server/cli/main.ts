// `ironlb <command>`: dispatches to one module per command; each returns the exit code.
const USAGE = `usage: ironlb <command> [options]

commands:
  convert [FILE|-]   convert a legacy MetalLB ConfigMap to IPAddressPool + L2Advertisement YAML
  lab                run the embedded cluster (API server, controller, simulated speakers) for kubectl
  controller         run the controller against a cluster (kubeconfig or in-cluster)
  speaker            run the speaker on a node (AF_PACKET; needs CAP_NET_RAW)
  preflight          check a cluster for what breaks Layer2 load balancing (exit 1 if something does)
  user               manage dashboard users and API tokens
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  convert: async () => {
    const { runConvert } = await import('./convert');
    return (args) =>
      runConvert(args, {
        stdin: process.stdin,
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
      });
  },
  lab: async () => (await import('./lab')).runLab,
  controller: async () => (await import('./controller')).runController,
  speaker: async () => (await import('./speaker')).runSpeaker,
  preflight: async () => {
    const { runPreflight } = await import('./preflight');
    return (args) => runPreflight(args);
  },
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
  return run(rest);
}
