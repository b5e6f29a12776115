/**
 * The single error handler: the four lanes of DESIGN.md.
 * 400 malformed input (schema), 4xx domain errors with their codes, 500 for the rest, logged
 * without request bodies (they may hold personal data).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../../kernel/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: `${err.validationContext ?? ''}${v.instancePath}`,
      message: v.message,
    }));
    reply.status(400).send({
      error: { code: 'INVALID_REQUEST', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), details: { issues } },
    } satisfies ErrorBody);
    return;
  }
  if (err instanceof DomainError) {
    reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details } } satisfies ErrorBody);
    return;
  }
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: bad JSON, body too large, unsupported media type.
    const code = fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : fe.code ?? 'BAD_REQUEST';
    reply.status(fe.statusCode).send({ error: { code, message: fe.message } } satisfies ErrorBody);
    return;
  }
  req.log.error({ err: { message: err.message, stack: err.stack, code: (err as { code?: string }).code } }, 'unhandled error');
  reply.status(500).send({ error: { code: 'INTERNAL', message: 'Internal error; it has been logged.' } } satisfies ErrorBody);
}
