import { loadConfig } from '../../config.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { openConfiguredDatabase } from '../../db/configured.ts';
import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Bring the database schema up to date',
  usage: 'licentia migrate\n\nUses DATABASE_URL (PostgreSQL) when set, otherwise the SQLite file in LICENTIA_DATA_DIR.',
  options: {},
  async run() {
    const database = openConfiguredDatabase(loadConfig());
    try {
      const { applied } = await migrateToLatest(database);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
      return 0;
    } finally {
      await database.close();
    }
  },
};
