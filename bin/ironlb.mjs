#!/usr/bin/env node
// The `ironlb` command (npx ironlb ...): loads the TypeScript CLI through tsx, no build needed.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

register();
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { main } = await import(path.join(root, 'server', 'cli', 'main.ts'));
process.exitCode = await main(process.argv.slice(2));
