// How a subscription's state and its next event read, the same on the list and the detail page.
import type { Subscription } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18n.tsx';

export function StateBadge({ state }: { state: Subscription['state'] }) {
  const { t } = useI18n();
  return <span className={`badge badge-${state}`}>{t(`state.${state}`)}</span>;
}

export function NextEvent({ subscription }: { subscription: Pick<Subscription, 'nextEvent'> }) {
  const { t, date } = useI18n();
  const next = subscription.nextEvent;
  return <>{next ? t(`next.${next.event}`, { date: date(next.on) }) : t('next.nothing')}</>;
}

/** Global and billing admins change subscriptions; everyone else reads them. */
export const SUBSCRIPTION_MANAGERS = ['global_admin', 'billing_admin'] as const;
