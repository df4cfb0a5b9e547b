// Runs TypeScript sources directly on Node (ESM) through SWC, with decorator metadata
// (Nest's dependency injection and validation need it) and tsconfig path aliases.
import { register } from 'node:module';

process.env.SWC_NODE_PROJECT ??= new URL('../tsconfig.json', import.meta.url).pathname;
register('@swc-node/register/esm', import.meta.url);
