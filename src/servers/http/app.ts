/**
 * The Fastify application: REST API under /api, OpenAPI at /api/docs, module routes.
 * Built from an AppContext so tests drive it with `app.inject()` against their own database.
 */
import Fastify, { type FastifyInstance, type FastifyBaseLogger, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../kernel/context.js';
import { errorHandler } from './errors.js';
import { REDACT_PATHS } from '../../kernel/logger.js';
import { httpRoutes } from '../../modules/routes.js';

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    logger: { level: ctx.config.logLevel, redact: { paths: REDACT_PATHS, censor: '[masked]' } },
    bodyLimit: 64 * 1024 * 1024,
    routerOptions: { maxParamLength: 500 },
  }).withTypeProvider<ZodTypeProvider>() as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // The web app (web/dist) answers GET requests outside /api; everything else is a JSON 404.
  const webPage = await registerWebApp(app);
  app.setNotFoundHandler((req, reply) => {
    if (webPage(req, reply)) return;
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Tianyi API', version: '0.1.0', description: 'Library services platform: catalog, search, circulation, devices.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          deviceKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: answers 200 once the database is reachable',
        response: { 200: z.object({ status: z.literal('ok'), database: z.literal('ok'), time: z.string() }) },
      },
    },
    async () => {
      await ctx.db.query('SELECT 1');
      return { status: 'ok' as const, database: 'ok' as const, time: ctx.clock.now().toISOString() };
    },
  );

  for (const register of httpRoutes) await app.register(async (scope) => register(scope, ctx));
  await app.ready();
  return app;
}

/*
 * The web app built into web/dist (scripts/build-web.mjs): hashed files under /assets/ (cached for
 * a year), and the two pages as client-side routes: /staff and /staff/* get the staff workstation,
 * every other GET outside /api gets the public catalog. Without web/dist (tests that do not need
 * the web) the server starts all the same and those paths answer the JSON 404.
 */
const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist');

/** Registers /assets/* and answers the function the not-found handler asks: "is this a page?". */
async function registerWebApp(app: FastifyInstance, dist = WEB_DIST): Promise<(req: FastifyRequest, reply: FastifyReply) => boolean> {
  if (!existsSync(join(dist, 'index.html'))) return () => false;
  await app.register(fastifyStatic, {
    root: join(dist, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    maxAge: '365d',
    immutable: true,
  });
  const page = (file: string): string | null => {
    const path = join(dist, file);
    return existsSync(path) ? readFileSync(path, 'utf8') : null;
  };
  return (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = req.url.split('?')[0];
    if (path === '/api' || path.startsWith('/api/') || path.startsWith('/assets/')) return false;
    const staff = path === '/staff' || path.startsWith('/staff/');
    const html = page(staff ? 'staff/index.html' : 'index.html');
    if (!html) return false;
    reply.status(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    return true;
  };
}
