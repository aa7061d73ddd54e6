// The vendor's catalog: products and their plans (term, price per seat, where sold, on sale or
// not). Vendor administrators create products and plans and stop or resume selling a plan;
// support agents read.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Plan } from '../../api/types.ts';
import { useHolds } from '../../app/session.tsx';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, LoadState, Page, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { NewPlan, NewProduct } from './CatalogForms.tsx';

async function loadCatalog() {
  const [products, plans] = await Promise.all([api.get('/v1/catalog/products', { query: { limit: 200 } }), api.get('/v1/catalog/plans', { query: { limit: 200 } })]);
  return { products: products.data, plans: plans.data };
}

export function Catalog() {
  const { t, language, money } = useI18n();
  const isAdmin = useHolds('vendor', ['vendor_admin']);
  const catalog = useLoad(loadCatalog, []);
  const [message, setMessage] = useState<string>();
  const toggle = useAction(async (plan: Plan) => {
    if (plan.active) await api.post('/v1/catalog/plans/{planId}/deactivate', { path: { planId: plan.id } });
    else await api.post('/v1/catalog/plans/{planId}/activate', { path: { planId: plan.id } });
    catalog.reload();
  });
  const created = (text: string) => {
    setMessage(text);
    catalog.reload();
  };

  return (
    <Page title={t('catalog.title')}>
      <ErrorMessage error={toggle.error} />
      {message && <p role="status" className="message message-success">{message}</p>}
      <LoadState loaded={catalog}>
        {({ products, plans }) => (
          <>
            {products.map((product) => {
              const own = plans.filter((p) => p.productId === product.id);
              return (
                <section key={product.id} className="card" aria-labelledby={`product-${product.id}`}>
                  <h2 id={`product-${product.id}`}>{product.name[language]}</h2>
                  {own.length === 0 ? (
                    <p className="muted">{t('catalog.noPlans')}</p>
                  ) : (
                    <TableScroll label={product.name[language]}>
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">{t('catalog.column.sku')}</th>
                            <th scope="col">{t('catalog.column.name')}</th>
                            <th scope="col">{t('catalog.column.term')}</th>
                            <th scope="col">{t('catalog.column.price')}</th>
                            <th scope="col">{t('catalog.column.countries')}</th>
                            <th scope="col">{t('catalog.column.active')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {own.map((plan) => (
                            <tr key={plan.id}>
                              <td><code>{plan.sku}</code></td>
                              <td>{plan.name[language]}</td>
                              <td>{t(`catalog.term.${plan.termMonths}`)}</td>
                              <td>{money(plan.price)}</td>
                              <td>{plan.countries.join(', ')}</td>
                              <td>
                                {plan.active ? t('form.yes') : t('form.no')}{' '}
                                {isAdmin && (
                                  <button type="button" className="link-button" disabled={toggle.busy} aria-label={t(plan.active ? 'catalog.deactivateLabel' : 'catalog.activateLabel', { sku: plan.sku })} onClick={() => void toggle.run(plan)}>
                                    {plan.active ? t('catalog.deactivate') : t('catalog.activate')}
                                  </button>
                                )}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </TableScroll>
                  )}
                </section>
              );
            })}
            {isAdmin && (
              <>
                <NewProduct onCreated={(name) => created(t('catalog.productCreated', { name }))} />
                {products.length > 0 && <NewPlan products={products} onCreated={(sku) => created(t('catalog.planCreated', { sku }))} />}
              </>
            )}
          </>
        )}
      </LoadState>
    </Page>
  );
}
