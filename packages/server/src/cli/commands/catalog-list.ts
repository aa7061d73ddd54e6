import { DomainError } from '../../errors/domain-error.ts';
import { toPlan } from '../../modules/catalog/plans.ts';
import { toProduct } from '../../modules/catalog/products.ts';
import type { Command } from '../command.ts';
import { optionalString, withCatalogDatabase } from './catalog-common.ts';

export const catalogListCommand: Command = {
  name: 'catalog list',
  summary: 'List the products of the catalog and their plans',
  usage: 'licentia catalog list [--product <id>] [--json]\n\nInactive plans are listed too, marked "inactive". --json prints { products: [{ …product, plans }] }.',
  options: { product: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const productId = optionalString(values, 'product');
    return withCatalogDatabase(async ({ db }) => {
      let products = db.selectFrom('products').selectAll().orderBy('id');
      if (productId !== undefined) products = products.where('id', '=', productId);
      const productRows = await products.execute();
      const planRows = productRows.length === 0
        ? []
        : await db.selectFrom('plans').selectAll().where('product_id', 'in', productRows.map((p) => p.id)).orderBy('id').execute();
      const catalog = productRows.map((row) => ({ ...toProduct(row), plans: planRows.filter((p) => p.product_id === row.id).map(toPlan) }));
      if (productId !== undefined && catalog.length === 0) throw new DomainError('NOT_FOUND', { resource: 'product' });
      if (values.json) {
        console.log(JSON.stringify({ products: catalog }, null, 2));
        return 0;
      }
      if (catalog.length === 0) console.log('the catalog is empty');
      for (const product of catalog) {
        console.log(`${product.id}  ${product.name.en} / ${product.name.ja}`);
        for (const plan of product.plans) {
          const columns = [plan.id, plan.sku, `${plan.termMonths}m`, `${plan.price.currency} ${plan.price.amount}`, plan.category, plan.active ? 'active' : 'inactive'];
          console.log(`  ${columns.join('  ')}`);
        }
      }
      return 0;
    });
  },
};
