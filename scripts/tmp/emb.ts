import { startEmbedded } from '../../src/kernel/db/embedded.js';
const t=Date.now();
const db = await startEmbedded('/tmp/embtest', (m)=>{});
console.log(db.url, Date.now()-t);
await db.stop(); console.log('stopped', Date.now()-t);
