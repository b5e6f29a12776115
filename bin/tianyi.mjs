#!/usr/bin/env node
// Entry point: TypeScript sources run through tsx (no build step), then the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/servers/cli.ts');
await main(process.argv);
