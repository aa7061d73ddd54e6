// Switching a key-bought subscription to direct billing (SPEC §4): an order of one full term of
// the same plan and seats. Paid on or before the current end date, the direct subscription
// starts the day after it, so no paid time is lost; paid later, it starts on the day of payment.
// The quote shows the start offered today; the order's page takes the payment.
import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { Quote, Subscription } from '../../../api/types.ts';
import { useRouter } from '../../../app/router.tsx';
import { useAction } from '../../../components/hooks.ts';
import { ErrorMessage } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/I18n.tsx';
import { OrderSummary } from '../../billing/OrderSummary.tsx';
import { PaymentMethods, type PaymentMethod } from './PaymentMethods.tsx';

export function SwitchToDirect({ subscription }: { subscription: Subscription }) {
  const { t, money, date } = useI18n();
  const { navigate } = useRouter();
  const [quote, setQuote] = useState<Quote>();
  const [method, setMethod] = useState<PaymentMethod>('card');
  const organizationId = subscription.organizationId;
  const lines = [{ purpose: 'direct_billing' as const, subscriptionId: subscription.id }];

  const ask = useAction(async () => setQuote(await api.post('/v1/organizations/{organizationId}/orders/quote', { path: { organizationId }, body: { lines } })));
  const order = useAction(async (quoted: Quote) => {
    const placed = await api.post('/v1/organizations/{organizationId}/orders', {
      path: { organizationId },
      body: { lines, paymentMethod: method, expectedTotalMinor: quoted.total.amountMinor, confirm: true },
    });
    navigate(`/o/${organizationId}/orders/${placed.id}`);
  });

  return (
    <section aria-labelledby="direct-heading" className="card">
      <h2 id="direct-heading">{t('sub.direct.title')}</h2>
      <p className="hint">{t('sub.direct.text', { endDate: date(subscription.endDate) })}</p>
      <div>
        <button type="button" className="secondary" disabled={ask.busy} onClick={() => void ask.run()}>{t('sub.direct.quote')}</button>
      </div>
      <ErrorMessage error={ask.error} />
      {quote && (
        <div className="stack">
          <p role="status">{t('sub.direct.quoted', { start: date(quote.lines[0]!.periodStart), end: date(quote.lines[0]!.periodEnd), total: money(quote.total) })}</p>
          <OrderSummary quote={quote} label={t('order.lines')} />
          <PaymentMethods
            name="direct-method"
            legend={t('sub.seats.method')}
            value={method}
            onChange={setMethod}
            hints={{ card: t('sub.direct.method.card'), bank_transfer: t('sub.direct.method.bank_transfer', { endDate: date(subscription.endDate) }) }}
          />
          <ErrorMessage error={order.error} />
          <div>
            <button type="button" disabled={order.busy} onClick={() => void order.run(quote)}>{t('sub.direct.order', { total: money(quote.total) })}</button>
          </div>
        </div>
      )}
    </section>
  );
}
