// Ordering seats mid-term: the price first (a quote that changes nothing: prorated by days to the
// end date, tax per rate), then an order at exactly that total (the API refuses with
// PRICE_CHANGED if the day moved on), paid by card at once or by bank transfer by its due date.
// Nothing is added until the order is paid; its page takes the payment.
import { useState, type FormEvent } from 'react';
import { api } from '../../../api/client.ts';
import type { Quote, Subscription } from '../../../api/types.ts';
import { useRouter } from '../../../app/router.tsx';
import { useAction } from '../../../components/hooks.ts';
import { ErrorMessage, TextField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/I18n.tsx';
import { OrderSummary } from '../../billing/OrderSummary.tsx';
import { PaymentMethods, type PaymentMethod } from './PaymentMethods.tsx';

export function OrderSeats({ subscription }: { subscription: Subscription }) {
  const { t, money } = useI18n();
  const { navigate } = useRouter();
  const [seats, setSeats] = useState('1');
  const [quote, setQuote] = useState<Quote>();
  const [method, setMethod] = useState<PaymentMethod>('card');
  const organizationId = subscription.organizationId;
  const count = Number(seats);
  const valid = Number.isInteger(count) && count >= 1;
  const lines = (n: number) => [{ purpose: 'seat_addition' as const, subscriptionId: subscription.id, seats: n }];

  const ask = useAction(async () => setQuote(await api.post('/v1/organizations/{organizationId}/orders/quote', { path: { organizationId }, body: { lines: lines(count) } })));
  const order = useAction(async (quoted: Quote) => {
    const placed = await api.post('/v1/organizations/{organizationId}/orders', {
      path: { organizationId },
      body: { lines: lines(quoted.lines[0]!.seats), paymentMethod: method, expectedTotalMinor: quoted.total.amountMinor, confirm: true },
    });
    navigate(`/o/${organizationId}/orders/${placed.id}`);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) void ask.run();
  };

  return (
    <section aria-labelledby="order-seats-heading" className="card">
      <h2 id="order-seats-heading">{t('sub.seats.title')}</h2>
      <p className="hint">{t('sub.seats.text')}</p>
      <form onSubmit={submit} className="row">
        <TextField label={t('sub.seats.count')} type="number" inputMode="numeric" min={1} step={1} required value={seats} onChange={(e) => { setSeats(e.target.value); setQuote(undefined); }} />
        <button type="submit" className="secondary" disabled={!valid || ask.busy}>{t('sub.seats.quote')}</button>
      </form>
      <ErrorMessage error={ask.error} />
      {quote && (
        <div className="stack">
          <p role="status">{t('sub.seats.quoted', { seats: quote.lines[0]!.seats, total: money(quote.total) })}</p>
          <OrderSummary quote={quote} label={t('order.lines')} />
          <PaymentMethods
            name="seat-method"
            legend={t('sub.seats.method')}
            value={method}
            onChange={setMethod}
            hints={{ card: t('sub.seats.method.card'), bank_transfer: t('sub.seats.method.bank_transfer') }}
          />
          <ErrorMessage error={order.error} />
          <div>
            <button type="button" disabled={order.busy} onClick={() => void order.run(quote)}>{t('sub.seats.order', { seats: quote.lines[0]!.seats, total: money(quote.total) })}</button>
          </div>
        </div>
      )}
    </section>
  );
}
