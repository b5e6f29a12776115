/** Turning an API error into plain words in the reader's or librarian's language. */
import i18n from 'i18next';
import { ApiError } from './api';

/** The plain-words message for one error code, or null when there is no translation for it. */
export function codeMessage(code: string, vars: Record<string, unknown> = {}): string | null {
  const key = `errors.${code}`;
  return i18n.exists(key) ? i18n.t(key, vars) : null;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.refusals.length) return err.refusals.map((r) => codeMessage(r.code) ?? r.message).join('；');
    const known = codeMessage(err.code);
    if (known) return known;
    if (err.status === 0) return i18n.t('errors.NETWORK');
    if (err.status === 400) return i18n.t('errors.invalidRequest', { detail: err.message });
    if (err.status >= 500) return i18n.t('errors.server');
    return err.message;
  }
  return i18n.t('errors.unknown');
}

export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (!code || err.code === code);
}
