/**
 * BENCH_HEAP=1 (or =live: only what is still alive at the end): where the process allocates during the measured window, by allocation site
 * (V8's sampling heap profiler, counting objects the young- and old-generation collections
 * freed too, so it shows allocation volume, not only what is still alive). Allocation volume
 * sets how often the young generation is collected; each collection pauses the event loop.
 */
import { Session } from 'node:inspector/promises';

interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }

export async function heapSampler(): Promise<(() => Promise<string>) | null> {
  const mode = process.env.BENCH_HEAP;
  if (mode !== '1' && mode !== 'live') return null;
  const collected = mode === '1'; // 'live': only what is still alive when the window ends
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: collected, includeObjectsCollectedByMinorGC: collected });
  const t0 = performance.now();
  return async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: Node } };
    const seconds = (performance.now() - t0) / 1000;
    session.disconnect();
    const bySite = new Map<string, number>();
    const byStack = new Map<string, number>();
    const short = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
    const walk = (n: Node, path: string[]) => {
      const here = [...path, short(n)];
      if (n.selfSize) {
        const site = here[here.length - 1];
        // the nearest frames of our own code, for a site inside a library
        const withOurs = `${site}  ⟵ ${here.filter((f) => /src\/|bench\//.test(f)).slice(-2).join(' < ')}`;
        bySite.set(site, (bySite.get(site) ?? 0) + n.selfSize);
        byStack.set(withOurs, (byStack.get(withOurs) ?? 0) + n.selfSize);
      }
      for (const c of n.children) walk(c, here);
    };
    walk(profile.head, []);
    const total = [...bySite.values()].reduce((a, b) => a + b, 0);
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([s, b]) => `  ${(b / 2 ** 20 / seconds).toFixed(2).padStart(6)} MB/s  ${s}`).join('\n');
    return `${collected ? 'allocated' : 'allocated and still alive'} ${(total / 2 ** 20 / seconds).toFixed(1)} MB/s (sampled)\nby site:\n${top(bySite, 25)}\nby site and our nearest frames:\n${top(byStack, 25)}`;
  };
}
