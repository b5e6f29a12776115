/** What a SIP2 handler gets for one message: the device logged in on this connection, its language, now. */
import type { AppContext } from '../../kernel/context.js';
import { cachedLibrary } from '../../modules/consortium/index.js';
import type { Device } from '../../modules/devices/index.js';
import { formatSip2Date, type Sip2Request, type Sip2Response } from '../../protocols/sip2/index.js';

export interface Turn {
  ctx: AppContext;
  device: Device;
  /** The device's language, or the one the message asks for (001 English, 019 Chinese). */
  lang: 'zh' | 'en';
  now: Date;
  /** `now` as an 18-character SIP2 date in the network's zone. */
  date: string;
  /** SIP2 AO of the device's library. */
  institutionId: string;
  libraryName: string;
  servicePointCode: string;
  /** The request line without its AY/AZ trailer (idempotency keys). */
  line: string;
}

export type Handler<R extends Sip2Request = Sip2Request> = (t: Turn, req: R) => Promise<Sip2Response>;

export function sipDate(t: Pick<Turn, 'ctx'>, at: Date | null | undefined): string {
  return at ? formatSip2Date(at, t.ctx.config.timeZone) : '';
}

/** Language a message asks for in its fixed part, else the device's. */
export function languageOf(deviceLanguage: 'zh' | 'en', requested?: string): 'zh' | 'en' {
  if (requested === '001') return 'en';
  if (requested === '019') return 'zh';
  return deviceLanguage;
}

/** A library's SIP2 institution id (its code when it has none), from consortium's per-process cache. */
export async function institutionOf(ctx: Pick<AppContext, 'db'>, libraryId: string): Promise<string> {
  const lib = await cachedLibrary(ctx.db, libraryId);
  return lib.institutionId ?? lib.code;
}
