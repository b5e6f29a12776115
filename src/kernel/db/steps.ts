/**
 * Several statements in one round trip to PostgreSQL.
 *
 * Why: on this kind of machine a round trip costs ~80 µs of CPU before any work (the wake-ups of
 * two processes), and a check-out made eight of them. A simple-protocol query may hold several
 * statements, so BEGIN, the statements of several modules and COMMIT can travel together. Each
 * statement stays its module's: a module exports a *step* (its prepared statement, the values,
 * and how to read the answer), and the operation that needs several modules runs their steps
 * together. Nobody writes another module's SQL.
 *
 *   const [reader, item] = await runSteps(tx, [borrowerStep(...), itemStep(...)]);
 *
 * Each statement is PREPAREd once per connection (planned once, as `prepared()` does for the
 * extended protocol) and run with `EXECUTE name('literal', ...)`; the values are sent as quoted
 * literals escaped by pg (an unknown-typed literal takes the parameter's type). A step also runs
 * alone through the extended protocol (`runStep`), e.g. on a pool.
 *
 * Transactions: `withTransaction(pool, fn, { pipelined: true })` does not send BEGIN by itself;
 * the first `runSteps` carries it, and `runSteps(..., { commit: true })` carries COMMIT. The first
 * statement of such a transaction must therefore be a `runSteps` (see pool.ts).
 */
import type pg from 'pg';
import type { Db, Prepared, Tx } from './pool.js';

export interface Step<R> {
  readonly statement: Prepared;
  readonly values: readonly unknown[];
  /** The statement's answer as the caller needs it (may throw a refusal). */
  readonly read: (r: pg.QueryResult) => R;
}

export function step<R>(statement: Prepared, values: readonly unknown[], read: (r: pg.QueryResult) => R): Step<R> {
  return { statement, values, read };
}

type Results<S extends readonly Step<unknown>[]> = { -readonly [K in keyof S]: S[K] extends Step<infer R> ? R : never };

/** One step through the extended protocol (a pool or a client, in or out of a transaction). */
export async function runStep<R>(db: Db, s: Step<R>): Promise<R> {
  return s.read(await db.query({ name: s.statement.name, text: s.statement.text, values: s.values as unknown[] }));
}

/** Per connection: its pipelined transaction's state, and the statements PREPAREd on it. */
interface ConnectionState {
  prepared: Set<string>;
  /** Set by withTransaction({ pipelined }): BEGIN not yet sent / COMMIT sent. */
  pendingBegin: boolean;
  committed: boolean;
}
const states = new WeakMap<Tx, ConnectionState>();

export function connectionState(client: Tx): ConnectionState {
  let s = states.get(client);
  if (!s) states.set(client, (s = { prepared: new Set(), pendingBegin: false, committed: false }));
  return s;
}

/** The SQL-level name: PREPARE names are identifiers (and stay apart from pg's protocol-level names, which keep their dots). */
const sqlName = (p: Prepared) => `s_${p.name.replace(/[^A-Za-z0-9_]/g, '_')}`;

/**
 * Run the steps, in order, in one round trip (two the first time a connection meets one of them:
 * its PREPARE goes first). Answers each step's reading, in order. On an error PostgreSQL skips
 * the statements after it and the transaction is aborted: the caller's withTransaction rolls back.
 */
export async function runSteps<const S extends readonly Step<unknown>[]>(client: Tx, steps: S, opts: { commit?: boolean } = {}, retried = false): Promise<Results<S>> {
  const state = connectionState(client);
  const missing = steps.filter((s) => !state.prepared.has(sqlName(s.statement)));
  if (missing.length) {
    const names = [...new Map(missing.map((s) => [sqlName(s.statement), s.statement])).entries()];
    // PREPARE survives a rollback: a connection prepares each statement once in its life.
    await client.query(names.map(([n, p]) => `PREPARE ${n} AS ${p.text}`).join(';\n'));
    for (const [n] of names) state.prepared.add(n);
  }
  const begin = state.pendingBegin;
  const parts = steps.map((s) => (s.values.length ? `EXECUTE ${sqlName(s.statement)}(${s.values.map((v) => literal(client, v)).join(', ')})` : `EXECUTE ${sqlName(s.statement)}`));
  const sql = [...(begin ? ['BEGIN'] : []), ...parts, ...(opts.commit ? ['COMMIT'] : [])].join(';\n');
  state.pendingBegin = false;
  let answer: pg.QueryResult | pg.QueryResult[];
  try {
    answer = (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
  } catch (err) {
    if ((err as { code?: string }).code !== '26000') throw err;
    // The server forgot the prepared statements (DISCARD ALL by a pooler, a reset): prepare them
    // again. If this trip began the transaction, nothing else was in it: start over once.
    state.prepared.clear();
    if (!begin || retried) throw err;
    await client.query('ROLLBACK');
    state.pendingBegin = true;
    return runSteps(client, steps, opts, true);
  }
  if (opts.commit) state.committed = true;
  const results = Array.isArray(answer) ? answer : [answer];
  const offset = begin ? 1 : 0;
  return steps.map((s, i) => s.read(results[offset + i])) as Results<S>;
}

/**
 * A value as a quoted SQL literal. Quoted even for numbers and booleans: an unknown-typed literal
 * takes the parameter's type, as the extended protocol's text values do.
 */
export function literal(client: Tx, v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`not a finite number: ${v}`);
    return `'${v}'`;
  }
  if (typeof v === 'boolean') return v ? "'t'" : "'f'";
  if (Array.isArray(v)) return quote(client, `{${v.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`);
  if (typeof v === 'object') return quote(client, JSON.stringify(v));
  return quote(client, String(v));
}

/**
 * pg's escapeLiteral builds its answer a character at a time (a string per character: ~10 KB of
 * garbage per check-out, a sixth of all it allocates). Ids, barcodes and dates have
 * nothing to escape; the same answer for them, in one piece.
 */
const NEEDS_ESCAPE = /['\\]/;
function quote(client: Tx, s: string): string {
  return NEEDS_ESCAPE.test(s) ? client.escapeLiteral(s) : `'${s}'`;
}
