/**
 * `tianyi start` in a process of its own, as an operator runs it (bin/tianyi.mjs), on a test
 * database: its JSON log lines are read as they come, the HTTP address and SIP2 port from the
 * "ready" and "SIP2 listening" lines (both ports are chosen by the system: PORT=0, SIP2_PORT=0).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';

export interface TianyiProcess {
  child: ChildProcess;
  /** Every log line's `msg`, in order. */
  messages: string[];
  /** The server's process id, from its log lines. */
  serverPid: () => number | null;
  /** What the process printed that is not a log line (the first admin password, the demo API key). */
  notices: string[];
  ready: Promise<{ address: string; sip2Port: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `via: 'npm'` starts it as the README does, `npm start` (without the web build check of
 * prestart), so that `child` is npm and the server a process below it, as under `docker stop`.
 */
export function startTianyi(env: Record<string, string>, opts: { via?: 'node' | 'npm' } = {}): TianyiProcess {
  const [command, args] = opts.via === 'npm' ? ['npm', ['start', '--ignore-scripts', '--silent']] : [process.execPath, ['bin/tianyi.mjs', 'start']];
  const child = spawn(command, args, {
    env: { ...process.env, PORT: '0', SIP2_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const messages: string[] = [];
  const notices: string[] = [];
  let pid: number | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<{ address: string; sip2Port: number }>((resolve, reject) => {
    let sip2Port = 0;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { msg?: string; address?: string; sip2Port?: number; pid?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        if (line.trim()) notices.push(line.trim());
        return;
      }
      messages.push(entry.msg ?? '');
      pid ??= entry.pid ?? null;
      if (entry.sip2Port) sip2Port = entry.sip2Port;
      if (entry.address && entry.msg?.startsWith('Tianyi is ready')) resolve({ address: entry.address, sip2Port });
    });
    void exited.then((e) => reject(new Error(`tianyi start exited before it was ready: ${JSON.stringify(e)}`)));
  });
  ready.catch(() => undefined);
  return { child, messages, serverPid: () => pid, notices, ready, exited };
}

/** A one-shot command (`tianyi import …`, `tianyi device list`) with `env` added; its standard output. */
export async function runTianyi(env: Record<string, string>, ...args: string[]): Promise<string> {
  return (await promisify(execFile)(process.execPath, ['bin/tianyi.mjs', ...args], { env: { ...process.env, ...env }, timeout: 60_000 })).stdout;
}

/** A one-shot command that is expected to fail: its exit code and standard error. */
export async function runTianyiFailing(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await runTianyi(env, ...args);
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
  throw new Error(`tianyi ${args.join(' ')} should have failed`);
}
