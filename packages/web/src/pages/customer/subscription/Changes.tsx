// The subscription's purchases, renewals and seat additions, each with its own cancellation
// window. Cancelling shows the refund first (a preview that changes nothing), then asks.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../api/client.ts';
import type { CancellationPreview, Subscription, SubscriptionChange } from '../../../api/types.ts';
import { useAction } from '../../../components/hooks.ts';
import { ErrorMessage, Notice, TableScroll } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/I18n.tsx';

export function Changes({ subscription, canCancel, onCancelled }: { subscription: Subscription; canCancel: boolean; onCancelled(): void }) {
  const { t, date, instant, money } = useI18n();
  const [preview, setPreview] = useState<{ change: SubscriptionChange; plan: CancellationPreview }>();
  const [done, setDone] = useState<string>();
  const path = (change: SubscriptionChange) => ({ organizationId: subscription.organizationId, subscriptionId: subscription.id, changeId: change.id });
  const kind = (change: { kind: SubscriptionChange['kind'] }) => t(`change.${change.kind}`);

  const ask = useAction(async (change: SubscriptionChange) => {
    setDone(undefined);
    const plan = await api.post('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/changes/{changeId}/cancellation-preview', { path: path(change) });
    setPreview({ change, plan });
  });
  const cancel = useAction(async (change: SubscriptionChange) => {
    const result = await api.post('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/changes/{changeId}/cancel', { path: path(change), body: { confirm: true } });
    setPreview(undefined);
    setDone(t('cancel.done', { refund: money(result.cancellation.refund) }));
    onCancelled();
  });

  return (
    <section aria-labelledby="changes-heading" className="card">
      <h2 id="changes-heading">{t('sub.changes.title')}</h2>
      <TableScroll label={t('sub.changes.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('sub.changes.kind')}</th>
              <th scope="col">{t('sub.changes.seats')}</th>
              <th scope="col">{t('sub.changes.term')}</th>
              <th scope="col">{t('sub.changes.ordered')}</th>
              <th scope="col">{t('sub.changes.paid')}</th>
              <th scope="col">{t('sub.changes.window')}</th>
            </tr>
          </thead>
          <tbody>
            {subscription.changes.map((change) => (
              <tr key={change.id}>
                <td>{kind(change)}</td>
                <td>{change.seats}</td>
                <td>{t('redeem.review.term', { start: date(change.termStart), end: date(change.termEnd) })}</td>
                <td>{instant(change.orderedAt, subscription.timeZone)}</td>
                <td>{change.source === 'key' ? t('sub.paidToSeller') : money(change.paid)}</td>
                <td>
                  {change.cancellation.cancelledAt ? (
                    t('sub.changes.cancelled', { refund: money(change.cancellation.refund ?? { ...change.paid, amountMinor: 0, amount: '0' }) })
                  ) : change.cancellation.cancellable ? (
                    <>
                      {instant(change.cancellation.closesAt, subscription.timeZone)}{' '}
                      {canCancel && (
                        <button type="button" className="link-button" disabled={ask.busy} aria-label={t('sub.changes.cancelLabel', { kind: kind(change), date: date(change.termStart) })} onClick={() => void ask.run(change)}>
                          {t('sub.changes.cancel')}
                        </button>
                      )}
                    </>
                  ) : (
                    t('sub.changes.closed')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ErrorMessage error={ask.error} />
      {preview && (
        <CancelPanel
          preview={preview.plan}
          title={t('cancel.title', { kind: kind(preview.change), date: date(preview.change.termStart) })}
          byKey={preview.change.source === 'key'}
          busy={cancel.busy}
          error={cancel.error}
          onConfirm={() => void cancel.run(preview.change)}
          onKeep={() => { setPreview(undefined); cancel.reset(); }}
        />
      )}
      {done && <Notice>{done}</Notice>}
    </section>
  );
}

function CancelPanel({ preview, title, byKey, busy, error, onConfirm, onKeep }: { preview: CancellationPreview; title: string; byKey: boolean; busy: boolean; error: unknown; onConfirm(): void; onKeep(): void }) {
  const { t, date, money, number } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const effect = preview.effect;
  return (
    <div className="confirm-panel" role="group" aria-labelledby="cancel-heading">
      <h3 id="cancel-heading" ref={heading} tabIndex={-1}>{title}</h3>
      <p className="emphasis">{t('cancel.refund', { refund: money(preview.refund) })}</p>
      {byKey && <p className="hint">{t('cancel.keyNote')}</p>}
      {preview.changes.length > 1 && (
        <>
          <h4>{t('cancel.lines')}</h4>
          <ul>
            {preview.changes.map((line) => (
              <li key={line.changeId}>
                {t('cancel.line', { kind: t(`change.${line.kind}`), paid: money(line.paid), used: money(line.used), usedDays: number(line.usedDays), termDays: number(line.termDays), refund: money(line.refund) })}
              </li>
            ))}
          </ul>
        </>
      )}
      {effect.usersLoseAccessNow && <p>{t('cancel.loseAccess', { date: effect.dataDeletedOn ? date(effect.dataDeletedOn) : '—' })}</p>}
      {effect.seatsRemoved > 0 && <p>{t('cancel.seatsRemoved', { count: effect.seatsRemoved, seats: effect.seats })}</p>}
      {!effect.usersLoseAccessNow && <p>{t('cancel.endDate', { date: date(effect.endDate) })}</p>}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>{t('cancel.confirm')}</button>
        <button type="button" className="secondary" onClick={onKeep}>{t('cancel.keep')}</button>
      </div>
    </div>
  );
}
