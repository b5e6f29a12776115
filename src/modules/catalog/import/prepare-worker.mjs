// Worker entry: TypeScript sources run through tsx, as in the main process.
import { register } from 'tsx/esm/api';

register();
await import('./prepare-worker.ts');
