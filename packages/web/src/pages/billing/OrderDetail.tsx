// One order: what it charges, its status and, while it awaits payment, how to pay it (by card
// here, or the bank transfer's account, reference and due date) or give it up. Once paid, its
// invoice. Mail about an order links here.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { CardPayment } from './CardPayment.tsx';
import { OrderStatus } from './OrderStatus.tsx';
import { OrderSummary } from './OrderSummary.tsx';

export function OrderDetail({ organizationId, orderId }: { organizationId: string; orderId: string }) {
  const loaded = useLoad(() => api.get('/v1/organizations/{organizationId}/orders/{orderId}', { path: { organizationId, orderId } }), [organizationId, orderId]);
  const [changed, setChanged] = useState<Order>();
  return (
    <LoadState loaded={loaded}>
      {(initial) => <OrderView order={changed ?? initial} onChange={setChanged} />}
    </LoadState>
  );
}

function OrderView({ order, onChange }: { order: Order; onChange(next: Order): void }) {
  const { t, date, instant, money, language } = useI18n();
  const zone = useTimeZone(order.organizationId);
  const [givingUp, setGivingUp] = useState(false);
  const [paidNow, setPaidNow] = useState(false);
  const [givenUp, setGivenUp] = useState(false);
  const giveUp = useAction(async () => {
    onChange(await api.post('/v1/organizations/{organizationId}/orders/{orderId}/cancel', { path: { organizationId: order.organizationId, orderId: order.id }, body: { confirm: true } }));
    setGivingUp(false);
    setGivenUp(true);
  });
  const pending = order.status === 'pending_payment';
  const invoiceLink = order.invoiceId && <Link to={`/o/${order.organizationId}/invoices/${order.invoiceId}`}>{t('order.invoiceLink')}</Link>;

  return (
    <Page title={t('order.title', { number: order.number })} actions={<Link to={`/o/${order.organizationId}/orders`}>{t('order.back')}</Link>}>
      {paidNow && order.status === 'paid' && (
        <Notice>
          <p>{t('card.paid', { total: money(order.total) })}</p>
          {invoiceLink && <p>{invoiceLink}</p>}
        </Notice>
      )}
      <section aria-labelledby="order-summary-heading" className="card">
        <h2 id="order-summary-heading">{t('order.summary')}</h2>
        <dl className="facts">
          <dt>{t('order.status')}</dt>
          <dd><OrderStatus order={order} /></dd>
          <dt>{t('order.placed')}</dt>
          <dd>{instant(order.createdAt, zone)}</dd>
          <dt>{t('order.method')}</dt>
          <dd>{t(`payment.${order.paymentMethod}`)}</dd>
          {pending && (
            <>
              <dt>{t('order.due')}</dt>
              <dd>{date(order.dueDate)}</dd>
            </>
          )}
          {order.paidAt && (
            <>
              <dt>{t('order.paidAt')}</dt>
              <dd>{instant(order.paidAt, zone)}</dd>
            </>
          )}
          {order.cancelledAt && (
            <>
              <dt>{t('order.cancelledAt')}</dt>
              <dd>{instant(order.cancelledAt, zone)}</dd>
            </>
          )}
          {invoiceLink && (
            <>
              <dt>{t('order.invoice')}</dt>
              <dd>{invoiceLink}</dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="order-lines-heading" className="card">
        <h2 id="order-lines-heading">{t('order.lines')}</h2>
        <OrderSummary quote={order} label={t('order.lines')} />
      </section>
      {pending && order.paymentMethod === 'card' && <CardPayment order={order} onPaid={(next) => { setPaidNow(true); onChange(next); }} />}
      {pending && order.paymentMethod === 'bank_transfer' && order.bankTransfer && (
        <section aria-labelledby="bank-heading" className="card">
          <h2 id="bank-heading">{t('order.bank.title')}</h2>
          <p>{t('order.bank.text', { total: money(order.total), due: date(order.dueDate), number: order.number })}</p>
          <dl className="facts">
            <dt>{t('order.bank.account')}</dt>
            <dd>{order.bankTransfer.account[language]}</dd>
            <dt>{t('order.bank.reference')}</dt>
            <dd><code>{order.bankTransfer.reference}</code></dd>
          </dl>
        </section>
      )}
      {pending && (
        givingUp ? (
          <ConfirmPanel label={t('order.giveUp')} question={t('order.giveUpConfirm', { number: order.number })} confirm={t('order.giveUp')} busy={giveUp.busy} onConfirm={() => void giveUp.run()} onCancel={() => setGivingUp(false)} />
        ) : (
          <p><button type="button" className="secondary" onClick={() => setGivingUp(true)}>{t('order.giveUp')}</button></p>
        )
      )}
      <ErrorMessage error={giveUp.error} />
      {givenUp && <Notice>{t('order.givenUp')}</Notice>}
    </Page>
  );
}
