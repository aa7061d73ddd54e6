import { systemClock } from '../../clock.ts';
import { inTransaction } from '../../db/transaction.ts';
import { createProduct } from '../../modules/catalog/products.ts';
import type { Command } from '../command.ts';
import { requiredString, withCatalogDatabase } from './catalog-common.ts';

export const catalogProductCreateCommand: Command = {
  name: 'catalog product create',
  summary: 'Create a product of the catalog (its plans are made with `catalog plan create`)',
  usage: 'licentia catalog product create --name-en <name> --name-ja <name>\n\nPrints the new product\'s id.',
  options: { 'name-en': { type: 'string' }, 'name-ja': { type: 'string' } },
  async run({ values }) {
    const name = { en: requiredString(values, 'name-en'), ja: requiredString(values, 'name-ja') };
    return withCatalogDatabase(async (database) => {
      const row = await inTransaction(database.db, (tx) => createProduct(tx, { principal: { kind: 'anonymous' }, now: systemClock.now() }, { name }));
      console.log(`product ${row.id} (${row.name_en} / ${row.name_ja})`);
      return 0;
    });
  },
};
