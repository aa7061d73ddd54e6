// What every request handler and module may use: the infrastructure, built once at start.
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/connect.ts';
import type { Failpoints } from '../failpoints.ts';
import type { ServerSecrets } from '../security/secrets.ts';

export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  secrets: ServerSecrets;
  failpoints: Failpoints;
}
