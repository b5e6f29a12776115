/**
 * Creating notices: once per (kind, subject) and channel, whoever asks and however often.
 * `queueNotices` is an INSERT ... ON CONFLICT DO NOTHING, so the hourly scan and the outbox
 * handlers may run in several processes, twice, or after a crash, and a reader still hears once.
 * The values a template needs (titles, names of places, days) are resolved here, when the
 * notice is made; the reader's address is looked up only when it is sent.
 */
import type { AppContext } from '../../kernel/context.js';
import type { Db } from '../../kernel/db/pool.js';
import { recordLabels } from '../catalog/index.js';
import { getLibrary, getServicePoint, type Library } from '../consortium/index.js';
import type { NewNotice, NoticeChannel } from './types.js';

export type NoticesCtx = Pick<AppContext, 'clock' | 'config'> & { db: Db };

/** The channels this deployment has: e-mail when SMTP is configured, the gateway when its URL is. */
export function channelsOf(config: AppContext['config']): NoticeChannel[] {
  const out: NoticeChannel[] = [];
  if (config.smtpUrl) out.push('email');
  if (config.noticeWebhookUrl) out.push('webhook');
  return out;
}

/** Insert the notices not yet made; answers how many rows (notice x channel) are new. */
export async function queueNotices(ctx: NoticesCtx, notices: NewNotice[]): Promise<number> {
  const channels = channelsOf(ctx.config);
  if (!notices.length || !channels.length) return 0;
  const now = ctx.clock.now();
  const rows = notices.flatMap((n) =>
    channels.map((channel) => ({ kind: n.kind, subject_key: n.subjectKey, channel, patron_id: n.patronId, library_id: n.libraryId, vars: n.vars })),
  );
  const r = await ctx.db.query(
    `INSERT INTO notices_notice (kind, subject_key, channel, patron_id, library_id, vars, next_attempt_at, created_at)
     SELECT kind, subject_key, channel, patron_id, library_id, vars, $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(kind text, subject_key text, channel text, patron_id uuid, library_id uuid, vars jsonb)
     ON CONFLICT ON CONSTRAINT notices_notice_once DO NOTHING`,
    [JSON.stringify(rows), now],
  );
  return r.rowCount ?? 0;
}

/** Which of these subject keys already have a notice of this kind (so scans skip the look-ups). */
export async function existingKeys(db: Db, kind: string, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const r = await db.query<{ subject_key: string }>(`SELECT DISTINCT subject_key FROM notices_notice WHERE kind = $1 AND subject_key = ANY($2::text[])`, [kind, keys]);
  return new Set(r.rows.map((x) => x.subject_key));
}

/** Names for templates, looked up once per call. */
export class Lookups {
  private libraries = new Map<string, Promise<Library | null>>();
  constructor(private readonly db: Db) {}

  library(id: string | null | undefined): Promise<Library | null> {
    if (!id) return Promise.resolve(null);
    let p = this.libraries.get(id);
    if (!p) {
      p = getLibrary(this.db, { id }).catch(() => null);
      this.libraries.set(id, p);
    }
    return p;
  }

  async libraryVars(id: string | null | undefined): Promise<{ libraryName: string | null; libraryNameEn: string | null }> {
    const lib = await this.library(id);
    return { libraryName: lib?.name ?? null, libraryNameEn: lib?.nameEn ?? null };
  }

  async servicePoint(id: string): Promise<{ name: string; nameEn: string | null; libraryId: string } | null> {
    return getServicePoint(this.db, id).catch(() => null);
  }

  /** Titles of records by id (the vernacular title where the record has one). */
  async titles(recordIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const ids = [...new Set(recordIds)];
    for (let i = 0; i < ids.length; i += 500) {
      for (const [id, r] of await recordLabels(this.db, ids.slice(i, i + 500))) out.set(id, r.titleVernacular ?? r.title);
    }
    return out;
  }
}
