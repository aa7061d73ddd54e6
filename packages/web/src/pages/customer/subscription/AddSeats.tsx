// Adding seats mid-term: the prorated price first (a quote that changes nothing), then the
// purchase at exactly that price (the API refuses with PRICE_CHANGED if the day moved on).
import { useState, type FormEvent } from 'react';
import { api } from '../../../api/client.ts';
import type { SeatQuote, Subscription } from '../../../api/types.ts';
import { useAction } from '../../../components/hooks.ts';
import { ErrorMessage, Notice, TextField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/I18n.tsx';

export function AddSeats({ subscription, onAdded }: { subscription: Subscription; onAdded(): void }) {
  const { t, date, money } = useI18n();
  const [seats, setSeats] = useState('1');
  const [quote, setQuote] = useState<SeatQuote>();
  const [bought, setBought] = useState<number>();
  const path = { organizationId: subscription.organizationId, subscriptionId: subscription.id };
  const count = Number(seats);
  const valid = Number.isInteger(count) && count >= 1;

  const ask = useAction(async () => {
    setBought(undefined);
    setQuote(await api.post('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/seat-additions/quote', { path, body: { seats: count } }));
  });
  const buy = useAction(async (quoted: SeatQuote) => {
    await api.post('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/seat-additions', {
      path,
      body: { seats: quoted.seats, expectedAmountMinor: quoted.price.amountMinor, confirm: true },
    });
    setQuote(undefined);
    setBought(quoted.seats);
    onAdded();
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) void ask.run();
  };

  return (
    <section aria-labelledby="add-seats-heading" className="card">
      <h2 id="add-seats-heading">{t('sub.seats.title')}</h2>
      <form onSubmit={submit} className="row">
        <TextField label={t('sub.seats.count')} type="number" inputMode="numeric" min={1} step={1} required value={seats} onChange={(e) => { setSeats(e.target.value); setQuote(undefined); }} />
        <button type="submit" className="secondary" disabled={!valid || ask.busy}>{t('sub.seats.quote')}</button>
      </form>
      <ErrorMessage error={ask.error ?? buy.error} />
      {quote && (
        <div className="stack">
          <p role="status">{t('sub.seats.quoted', { seats: quote.seats, from: date(quote.fromDay), end: date(quote.endDate), price: money(quote.price) })}</p>
          <div>
            <button type="button" disabled={buy.busy} onClick={() => void buy.run(quote)}>{t('sub.seats.buy', { seats: quote.seats, price: money(quote.price) })}</button>
          </div>
        </div>
      )}
      {bought !== undefined && <Notice>{t('sub.seats.bought', { seats: bought })}</Notice>}
    </section>
  );
}
