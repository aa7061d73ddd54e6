// What every request handler and module may use: the infrastructure, built once at start.
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/connect.ts';
import type { Failpoints } from '../failpoints.ts';
import type { SigningKeyRing } from '../modules/licenses/signing-keys.ts';
import type { ServerSecrets } from '../security/secrets.ts';

export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  secrets: ServerSecrets;
  failpoints: Failpoints;
  /** The Ed25519 keys that sign license files and validation answers, loaded once at start. */
  signingKeys: SigningKeyRing;
}
