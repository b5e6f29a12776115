/** Every module's HTTP routes, registered by the HTTP server. */
import type { App } from '../servers/http/app.js';
import type { AppContext } from '../kernel/context.js';
import { staffRoutes } from './staff/index.js';
import { patronRoutes, meRoutes } from './patrons/index.js';

export type RouteRegistrar = (app: App, ctx: AppContext) => Promise<void> | void;

export const httpRoutes: RouteRegistrar[] = [
  async (app, ctx) => (await import('./consortium/routes.js')).consortiumRoutes(app, ctx),
  async (app, ctx) => (await import('./catalog/routes.js')).catalogRoutes(app, ctx),
  async (app, ctx) => (await import('./catalog/import-routes.js')).importRoutes(app, ctx),
  async (app, ctx) => (await import('./inventory/routes.js')).inventoryRoutes(app, ctx),
  async (app, ctx) => (await import('./search/routes.js')).searchRoutes(app, ctx),
  staffRoutes,
  patronRoutes,
  meRoutes,
  async (app, ctx) => (await import('./circulation/routes.js')).circulationRoutes(app, ctx),
  async (app, ctx) => (await import('./reservations/routes.js')).reservationRoutes(app, ctx),
  async (app, ctx) => (await import('./events/routes.js')).eventRoutes(app, ctx),
  async (app, ctx) => (await import('./devices/routes.js')).deviceRoutes(app, ctx),
  async (app, ctx) => (await import('./notices/routes.js')).noticeRoutes(app, ctx),
  async (app, ctx) => (await import('./stats/routes.js')).statsRoutes(app, ctx),
];
