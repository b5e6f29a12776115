/** Writes to the kernel's audit log. Details never carry passwords, tokens or personal data. */
import type { Db } from '../../kernel/db/pool.js';

export async function audit(
  db: Db,
  e: { actor: string; action: string; subject?: string | null; details?: Record<string, unknown>; at?: Date },
): Promise<void> {
  await db.query('INSERT INTO kernel_audit (at, actor, action, subject, details) VALUES (coalesce($1, now()), $2, $3, $4, $5)', [
    e.at ?? null,
    e.actor,
    e.action,
    e.subject ?? null,
    JSON.stringify(e.details ?? {}),
  ]);
}
