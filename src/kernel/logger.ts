/**
 * One logger (pino, which Fastify uses too). Personal data never reaches a log line:
 * the redaction list names every field that may carry it.
 */
import pino from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  '*.idNumber',
  '*.phone',
  '*.email',
  'body.email',
  '*.pin',
  '*.password',
  '*.token',
  'body.idNumber',
  'body.phone',
  'body.pin',
  'body.password',
];

export type Logger = pino.Logger;

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[masked]' } });
}
