import type { DialectName } from '../connect.ts';

/** What a migration may need to know beyond Kysely's portable builder. */
export interface MigrationContext {
  dialect: DialectName;
}
