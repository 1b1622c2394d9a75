// The bundled command's entry (scripts/build-cli.mjs): `node dist/cli/ironlb.mjs <command>`.
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
