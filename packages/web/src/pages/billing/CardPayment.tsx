// Paying an order by card. Card data never reaches Licentia: the provider's token of the card is
// sent. With the local test provider (development) the person picks a test payment method by how
// it should end; nothing is charged. A real provider (Stripe) needs its own card form (Stripe.js),
// which this portal does not load (its CSP allows only its own scripts), so it says so.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { usePortalSettings } from '../../app/settings.ts';
import { useAction } from '../../components/hooks.ts';
import { ErrorMessage, Loading, Notice, SelectField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export function CardPayment({ order, onPaid }: { order: Order; onPaid(next: Order): void }) {
  const { t, money } = useI18n();
  const settings = usePortalSettings();
  const [method, setMethod] = useState<string>();
  const [pending, setPending] = useState(false);
  const pay = useAction(async (paymentMethod: string) => {
    const result = await api.post('/v1/organizations/{organizationId}/orders/{orderId}/card-payments', { path: { organizationId: order.organizationId, orderId: order.id }, body: { paymentMethod } });
    setPending(result.status === 'pending');
    onPaid(result.order);
  });

  if (!settings) return <Loading />;
  const { provider, testPaymentMethods } = settings.cardPayments;
  const chosen = method ?? testPaymentMethods[0]?.id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) void pay.run(chosen);
  };

  return (
    <section aria-labelledby="card-heading" className="card">
      <h2 id="card-heading">{t('card.title')}</h2>
      {provider !== 'test' ? (
        <p>{t('card.stripe')}</p>
      ) : (
        <form onSubmit={submit} className="stack narrow">
          <p className="hint">{t('card.testProvider')}</p>
          <SelectField label={t('card.testMethod')} value={chosen} onChange={(e) => setMethod(e.target.value)}>
            {testPaymentMethods.map((m) => (
              <option key={m.id} value={m.id}>{t(`card.outcome.${m.outcome}`, { id: m.id })}</option>
            ))}
          </SelectField>
          <ErrorMessage error={pay.error} />
          <div><button type="submit" disabled={pay.busy}>{t('card.pay', { total: money(order.total) })}</button></div>
        </form>
      )}
      {pending && <Notice>{t('card.pending')}</Notice>}
    </section>
  );
}
