import { loadConfig } from '../../config.ts';
import { createVendorAdmin } from '../../bootstrap.ts';
import { systemClock } from '../../clock.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { inTransaction } from '../../db/transaction.ts';
import { openConfiguredDatabase } from '../../db/configured.ts';
import { UsageError, type Command } from '../command.ts';

export const adminCreateCommand: Command = {
  name: 'admin create',
  summary: 'Create a vendor administrator',
  usage: 'licentia admin create --email <email> [--name <name>] [--password <password>]\n\nWithout --password, a password is generated and printed once.',
  options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  async run({ values }) {
    const email = values.email;
    if (typeof email !== 'string' || !email.includes('@')) throw new UsageError('--email is required');
    const database = openConfiguredDatabase(loadConfig());
    try {
      await migrateToLatest(database);
      const created = await inTransaction(database.db, (tx) =>
        createVendorAdmin(tx, database.dialect, systemClock.now(), {
          email,
          name: typeof values.name === 'string' ? values.name : email,
          password: typeof values.password === 'string' ? values.password : undefined,
        }),
      );
      console.log(`vendor administrator ${email} (${created.userId})`);
      if (created.password) console.log(`password: ${created.password}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
