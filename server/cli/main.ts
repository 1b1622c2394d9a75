// `ironlb <command>`: dispatches to one module per command; each returns the exit code.
const USAGE = `usage: ironlb <command> [options]

commands:
  convert [FILE|-]   convert a legacy MetalLB ConfigMap to IPAddressPool + L2Advertisement YAML
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
