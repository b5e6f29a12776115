/**
 * The four error lanes (DESIGN.md): malformed input (400), domain refusals (422),
 * not found / forbidden (404 / 403), and everything else (500, logged without personal data).
 */

/** One reason an operation was refused: a stable code, a message, the parameter it concerns. */
export interface Refusal {
  code: string;
  message: string;
  parameter?: { name: string; value?: string | number | null };
  /** Permission that lets staff override this refusal, if it may be overridden. */
  overridePermission?: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class BadRequest extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(400, code, message, details);
  }
}
export class NotFound extends DomainError {
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}
export class Forbidden extends DomainError {
  constructor(code: string, message: string) {
    super(403, code, message);
  }
}
export class Unauthorized extends DomainError {
  constructor(code: string, message: string) {
    super(401, code, message);
  }
}
export class Conflict extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

/** A domain refusal: one or more reasons at once, each with its own code. */
export class Refused extends DomainError {
  constructor(readonly refusals: Refusal[]) {
    super(422, refusals[0]?.code ?? 'REFUSED', refusals.map((r) => r.message).join('; '), { refusals });
  }
}

export function refuse(refusals: (Refusal | null | undefined)[]): void {
  const found = refusals.filter((r): r is Refusal => !!r);
  if (found.length) throw new Refused(found);
}
