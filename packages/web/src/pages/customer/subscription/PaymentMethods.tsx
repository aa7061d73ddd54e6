// How an order will be paid: by card at once on the order's page, or by bank transfer by its due
// date. One fieldset for every order the subscription page places; `hints` say what happens
// when each method is used, in the words of that order.
import { useI18n } from '../../../i18n/I18n.tsx';

export type PaymentMethod = 'card' | 'bank_transfer';
export const PAYMENT_METHODS = ['card', 'bank_transfer'] as const;

export function PaymentMethods(props: { name: string; legend: string; value: PaymentMethod; onChange(method: PaymentMethod): void; hints: Record<PaymentMethod, string> }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {PAYMENT_METHODS.map((m) => (
        <div className="choice" key={m}>
          <input type="radio" id={`${props.name}-${m}`} name={props.name} checked={props.value === m} aria-describedby={`${props.name}-${m}-hint`} onChange={() => props.onChange(m)} />
          <label htmlFor={`${props.name}-${m}`}>{t(`payment.${m}`)}</label>
          <div id={`${props.name}-${m}-hint`} className="hint">{props.hints[m]}</div>
        </div>
      ))}
    </fieldset>
  );
}
