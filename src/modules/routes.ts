/** Every module's HTTP routes, registered by the HTTP server. */
import type { App } from '../servers/http/app.js';
import type { AppContext } from '../kernel/context.js';

export type RouteRegistrar = (app: App, ctx: AppContext) => Promise<void> | void;

export const httpRoutes: RouteRegistrar[] = [];
