/** What every operation receives: the database, the clock, configuration, a logger. */
import type pg from 'pg';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface AppContext {
  db: pg.Pool;
  clock: Clock;
  config: Config;
  log: Logger;
}
