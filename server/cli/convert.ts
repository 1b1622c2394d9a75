// `ironlb convert [FILE|-]`: legacy MetalLB ConfigMap -> IPAddressPool + L2Advertisement YAML on
// stdout. Exit 0 when at least one pool converted (BGP pools reported on stderr and in a header
// comment); exit 1 with one line on stderr for bad YAML/protocol/address/overlap or nothing to convert.
import { convertLegacyConfigMap, renderResourcesYaml } from '../../lib/config';
import { readSource } from './read-source';

export type ConvertIO = {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
};

const USAGE = `usage: ironlb convert [FILE|-] [-n NAMESPACE]

Reads a legacy MetalLB ConfigMap (metallb-system/config, key "config"; MetalLB <= v0.12) from FILE
or stdin ("-" or no FILE) and prints IPAddressPool + L2Advertisement YAML for kubectl apply -f -.
The namespace defaults to the ConfigMap's own, else metallb-system. Layer2 pools only; BGP pools
are reported on stderr and not converted. Exit 1 on any error or when nothing could be converted.
`;

type ConvertArgs = { source: string; namespace?: string; help: boolean };

function parseArgs(args: string[]): ConvertArgs | string {
  const out: ConvertArgs = { source: '-', help: false };
  let sawSource = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') out.help = true;
    else if (a === '-n' || a === '--namespace') {
      const ns = args[++i];
      if (!ns) return `${a} needs a value`;
      out.namespace = ns;
    } else if (a.startsWith('--namespace=')) out.namespace = a.slice('--namespace='.length);
    else if (a.startsWith('-') && a !== '-') return `unknown option "${a}"`;
    else if (sawSource) return `only one FILE may be given (got "${out.source}" and "${a}")`;
    else {
      out.source = a;
      sawSource = true;
    }
  }
  return out;
}

export async function runConvert(args: string[], io: ConvertIO): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`ironlb convert: ${message}\n`);
    return 1;
  };
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') return fail(`${parsed}\n${USAGE}`.trimEnd());
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  const input = await readSource(parsed.source, io.stdin);
  if ('error' in input) return fail(input.error);
  const result = convertLegacyConfigMap(input.text, parsed.namespace);
  if (!result.ok) return fail(result.error);
  const { pools, advertisements, warnings } = result.value;
  for (const w of warnings) io.stderr(`ironlb convert: warning: ${w}\n`);
  if (pools.length === 0) return fail('nothing to convert: no layer2 pools (ironlb supports Layer2 only)');
  const from = parsed.source === '-' ? 'stdin' : parsed.source;
  const header = [`Converted by "ironlb convert" from ${from}.`, ...warnings.map((w) => `warning: ${w}`)];
  io.stdout(renderResourcesYaml([...pools, ...advertisements], header));
  return 0;
}
