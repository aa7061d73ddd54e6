// Step 3: what completing will do, as the server computed it (the completion itself, rolled
// back), then completion with an explicit confirmation.
import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { Cart, Completion } from '../../../api/types.ts';
import { useAction, useLoad } from '../../../components/hooks.ts';
import { ErrorMessage, LoadState, TableScroll } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/I18n.tsx';
import type { Target } from './TargetStep.tsx';
import { simulationHeaders } from '../../../app/simulation.ts';

interface Props {
  cart: Cart;
  target: Target;
  /** The simulation whose sandbox this redemption is for, or null. */
  simulationId: string | null;
  onBack(): void;
  onDone(completion: Completion): void;
}

export function ReviewStep({ cart, target, simulationId, onBack, onDone }: Props) {
  const { t, date, language } = useI18n();
  const headers = simulationHeaders(simulationId);
  const review = useLoad(() => api.post('/v1/redemption-carts/{cartId}/review', { path: { cartId: cart.id }, body: { target }, headers }), [cart.id, target, language, simulationId]);
  const countries = useLoad(() => api.get('/v1/countries'), [language]);
  const [confirmed, setConfirmed] = useState(false);
  const complete = useAction(async (reviewToken: string) => {
    onDone(await api.post('/v1/redemption-carts/{cartId}/complete', { path: { cartId: cart.id }, body: { target, reviewToken, confirm: true }, headers }));
  });

  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading" tabIndex={-1}>{t('redeem.step.review')}</h2>
      <LoadState loaded={review}>
        {(plan) => {
          const organization = plan.organization;
          const country = countries.data?.data.find((c) => c.code === organization.country)?.name ?? organization.country;
          const vars = { name: organization.name, country, timeZone: organization.timeZone };
          return (
            <div className="stack">
              <h3>{t('redeem.review.organization')}</h3>
              <p>{organization.id === null ? t('redeem.review.willBeCreated', vars) : t('redeem.review.existing', vars)}</p>
              <h3>{t('redeem.review.effects')}</h3>
              <TableScroll label={t('redeem.review.effects')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('redeem.keys.column.key')}</th>
                      <th scope="col">{t('redeem.keys.column.product')}</th>
                      <th scope="col">{t('redeem.review.column.what')}</th>
                      <th scope="col">{t('redeem.review.column.seatsAfter')}</th>
                      <th scope="col">{t('redeem.review.column.term')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.effects.map((effect) => (
                      <tr key={effect.keyId}>
                        <td><code>…-{effect.last5}</code></td>
                        <td>{effect.plan.name[language]}</td>
                        <td>{t(`redeem.effect.${effect.effect}`)}</td>
                        <td>{effect.seats}</td>
                        <td>{t('redeem.review.term', { start: date(effect.startDate), end: date(effect.endDate) })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <div className="choice">
                <input type="checkbox" id="confirm-redemption" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
                <label htmlFor="confirm-redemption">{t('redeem.confirm.label')}</label>
              </div>
              <ErrorMessage error={complete.error} />
              <div className="actions">
                <button type="button" className="secondary" onClick={onBack}>{t('form.back')}</button>
                <button type="button" disabled={!confirmed || complete.busy} onClick={() => void complete.run(plan.reviewToken)}>{complete.busy ? t('form.working') : t('redeem.complete')}</button>
              </div>
            </div>
          );
        }}
      </LoadState>
      {review.error !== undefined && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>{t('form.back')}</button>
        </div>
      )}
    </section>
  );
}
