// Making a batch of keys: plan, kind (a trial plan takes trial keys only, and only a trial plan
// does), how many, seats per key, the redeem-by day, a label.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { KeyBatch, Plan } from '../../api/types.ts';
import { useAction } from '../../components/hooks.ts';
import { ErrorMessage, SelectField, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

type Kind = KeyBatch['kind'];
const PAID_KINDS: readonly Kind[] = ['subscription', 'add_seats', 'renewal'];

export function NewBatch({ plans, onCreated }: { plans: readonly Plan[]; onCreated(batch: Omit<KeyBatch, 'counts'>, count: number): void }) {
  const { t, language } = useI18n();
  const [planId, setPlanId] = useState(plans[0]?.id ?? '');
  const plan = plans.find((p) => p.id === planId);
  const kinds: readonly Kind[] = plan?.category === 'trial' ? ['trial'] : PAID_KINDS;
  const [kind, setKind] = useState<Kind>('subscription');
  const [quantity, setQuantity] = useState('10');
  const [seats, setSeats] = useState('1');
  const [redeemBy, setRedeemBy] = useState('');
  const [label, setLabel] = useState('');
  const create = useAction(async () => {
    const made = await api.post('/v1/key-batches', {
      body: { planId, kind: kinds.includes(kind) ? kind : kinds[0]!, quantity: Number(quantity), seatsPerKey: Number(seats), redeemBy, ...(label.trim() ? { label: label.trim() } : {}) },
    });
    // The plaintext keys of the answer are dropped here on purpose: the one-time CSV carries them.
    onCreated(made.batch, made.keys.length);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <section aria-labelledby="new-batch-heading" className="card">
      <h2 id="new-batch-heading">{t('batches.new')}</h2>
      <form onSubmit={submit} className="stack narrow">
        <SelectField label={t('batches.plan')} required value={planId} onChange={(e) => setPlanId(e.target.value)}>
          {plans.map((p) => <option key={p.id} value={p.id}>{`${p.sku} — ${p.name[language]}`}</option>)}
        </SelectField>
        <SelectField label={t('batches.kind')} value={kinds.includes(kind) ? kind : kinds[0]} onChange={(e) => setKind(e.target.value as Kind)}>
          {kinds.map((k) => <option key={k} value={k}>{t(`redeem.kind.${k}`)}</option>)}
        </SelectField>
        <TextField label={t('batches.quantity')} type="number" min={1} max={100000} required value={quantity} onChange={(e) => setQuantity(e.target.value)} />
        <TextField label={t('batches.seatsPerKey')} type="number" min={1} required value={seats} onChange={(e) => setSeats(e.target.value)} />
        <TextField label={t('batches.redeemBy')} hint={t('batches.redeemByHint')} type="date" required value={redeemBy} onChange={(e) => setRedeemBy(e.target.value)} />
        <TextField label={t('batches.label')} maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} />
        <ErrorMessage error={create.error} />
        <div><button type="submit" disabled={create.busy || !planId}>{t('batches.create')}</button></div>
      </form>
    </section>
  );
}
