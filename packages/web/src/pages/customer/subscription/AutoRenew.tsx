// Auto-renew, with its cut-off explained before anyone presses the button: turning it off
// counts only until the cut-off day; later the API refuses (AUTO_RENEW_LOCKED) and says by when
// it had to be done and until when the coming renewal can be cancelled instead.
import { useState } from 'react';
import { api, ApiError } from '../../../api/client.ts';
import type { Subscription } from '../../../api/types.ts';
import { useAction } from '../../../components/hooks.ts';
import { ErrorMessage, Notice } from '../../../components/ui.tsx';
import { addDays, daysBetween } from '../../../i18n/civil-date.ts';
import { useI18n } from '../../../i18n/I18n.tsx';

export function AutoRenew({ subscription, canChange, onChange }: { subscription: Subscription; canChange: boolean; onChange(next: Subscription): void }) {
  const { t, date, instant } = useI18n();
  const [changed, setChanged] = useState<boolean>();
  const toggle = useAction(async (enabled: boolean) => {
    const next = await api.put('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/auto-renew', {
      path: { organizationId: subscription.organizationId, subscriptionId: subscription.id },
      body: { enabled },
    });
    onChange(next);
    setChanged(enabled);
  });
  const renewal = addDays(subscription.endDate, 1);
  const locked = toggle.error instanceof ApiError && toggle.error.problem.code === 'AUTO_RENEW_LOCKED' ? toggle.error.problem : undefined;

  return (
    <section aria-labelledby="auto-renew-heading" className="card">
      <h2 id="auto-renew-heading">{t('sub.autoRenew.title')}</h2>
      {subscription.trial ? (
        <p>{t('autoRenew.trial')}</p>
      ) : (
        <>
          <p>{subscription.autoRenew ? t('sub.autoRenew.isOn', { date: date(renewal) }) : t('sub.autoRenew.isOff', { date: date(subscription.endDate) })}</p>
          {subscription.autoRenewCutoff && (
            <p className="hint">
              {t('sub.autoRenew.cutoff', { cutoff: date(subscription.autoRenewCutoff), days: daysBetween(subscription.autoRenewCutoff, subscription.endDate), renewal: date(renewal) })}
            </p>
          )}
          {canChange && (
            <button type="button" disabled={toggle.busy} onClick={() => void toggle.run(!subscription.autoRenew)}>
              {subscription.autoRenew ? t('sub.autoRenew.turnOff') : t('sub.autoRenew.turnOn')}
            </button>
          )}
          {changed !== undefined && !toggle.error && <Notice>{changed ? t('sub.autoRenew.turnedOn') : t('sub.autoRenew.turnedOff')}</Notice>}
          <ErrorMessage error={toggle.error}>
            {locked && typeof locked.lastChangeDay === 'string' && typeof locked.renewsOn === 'string' && typeof locked.cancellableUntil === 'string' && (
              <p>
                {t('sub.autoRenew.locked', {
                  lastChangeDay: date(locked.lastChangeDay),
                  renewalDay: date(locked.renewsOn),
                  cancellableUntil: instant(locked.cancellableUntil, subscription.timeZone),
                })}
              </p>
            )}
          </ErrorMessage>
        </>
      )}
    </section>
  );
}
