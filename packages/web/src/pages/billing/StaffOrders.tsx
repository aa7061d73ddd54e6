// The vendor's view of every organization's orders (vendor staff), by status: awaiting payment is
// what to reconcile. Vendor administrators record a bank transfer received for an order (each
// bank reference once); the server decides whether it pays the order (in time, in full) or is to
// be refunded, and says which.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { organizationsById } from '../../api/organizations.ts';
import type { Order } from '../../api/types.ts';
import { useHolds } from '../../app/session.tsx';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, LoadState, Notice, Page, SelectField, Table, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { OrderStatus } from './OrderStatus.tsx';

const FILTERS = ['pending_payment', 'paid', 'cancelled', 'all'] as const;
type Filter = (typeof FILTERS)[number];

async function loadOrders(filter: Filter) {
  const orders = (await api.get('/v1/billing/orders', { query: { limit: 200, ...(filter === 'all' ? {} : { status: filter }) } })).data;
  return { orders, organizations: await organizationsById(orders.map((o) => o.organizationId)) };
}

export function StaffOrders() {
  const { t, date, instant, money } = useI18n();
  const canRecord = useHolds('vendor', ['vendor_admin']);
  const [filter, setFilter] = useState<Filter>('pending_payment');
  const loaded = useLoad(() => loadOrders(filter), [filter]);
  const [recording, setRecording] = useState<Order>();
  const [outcome, setOutcome] = useState<string>();

  return (
    <Page title={t('staffOrders.title')}>
      <div className="narrow">
        <SelectField label={t('staffOrders.filter')} value={filter} onChange={(e) => { setFilter(e.target.value as Filter); setOutcome(undefined); }}>
          {FILTERS.map((f) => (
            <option key={f} value={f}>{t(`staffOrders.filter.${f}`)}</option>
          ))}
        </SelectField>
      </div>
      {outcome && <Notice>{outcome}</Notice>}
      <LoadState loaded={loaded}>
        {({ orders, organizations }) =>
          orders.length === 0 ? (
            <p>{t('table.empty')}</p>
          ) : (
            <Table label={t('staffOrders.title')} columns={[t('orders.column.number'), t('staffOrders.column.customer'), t('orders.column.placed'), t('orders.column.status'), t('orders.column.method'), t('orders.column.total'), t('orders.column.due'), canRecord && { hidden: t('table.actions') }]}>
              {orders.map((order) => {
                const organization = organizations.get(order.organizationId);
                return (
                  <tr key={order.id}>
                    <th scope="row"><code>{order.number}</code></th>
                    <td>{organization?.name ?? order.organizationId}</td>
                    <td>{instant(order.createdAt, organization?.timeZone ?? 'UTC')}</td>
                    <td><OrderStatus order={order} /></td>
                    <td>{t(`payment.${order.paymentMethod}`)}</td>
                    <td>{money(order.total)}</td>
                    <td>{order.status === 'pending_payment' ? date(order.dueDate) : '—'}</td>
                    {canRecord && (
                      <td>
                        {order.status === 'pending_payment' && order.paymentMethod === 'bank_transfer' && (
                          <button type="button" className="link-button" aria-label={t('staffOrders.recordLabel', { number: order.number })} onClick={() => { setOutcome(undefined); setRecording(order); }}>
                            {t('staffOrders.record')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </Table>
          )
        }
      </LoadState>
      {recording && (
        <RecordTransfer
          key={recording.id}
          order={recording}
          onDone={(text) => { setRecording(undefined); setOutcome(text); loaded.reload(); }}
          onCancel={() => setRecording(undefined)}
        />
      )}
    </Page>
  );
}

function RecordTransfer({ order, onDone, onCancel }: { order: Order; onDone(outcome: string): void; onCancel(): void }) {
  const { t, money } = useI18n();
  const [reference, setReference] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const record = useAction(async () => {
    const result = await api.post('/v1/billing/orders/{orderNumber}/payments', { path: { orderNumber: order.number }, body: { reference, receivedOn } });
    const reason = result.reason ? t(`unapplied.${result.reason}`) : '';
    onDone(t(`staffOrders.outcome.${result.outcome}`, { number: order.number, reason }));
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void record.run();
  };
  const title = t('staffOrders.recordTitle', { number: order.number, total: money(order.total) });
  return (
    <form onSubmit={submit} className="card stack narrow" aria-label={title}>
      <h2>{title}</h2>
      <TextField label={t('staffOrders.reference')} hint={t('staffOrders.referenceHint')} required maxLength={200} autoComplete="off" value={reference} onChange={(e) => setReference(e.target.value)} />
      <TextField label={t('staffOrders.receivedOn')} type="date" required value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} />
      <ErrorMessage error={record.error} />
      <div className="actions">
        <button type="submit" disabled={record.busy}>{t('staffOrders.submit', { total: money(order.total) })}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('form.cancel')}</button>
      </div>
    </form>
  );
}
