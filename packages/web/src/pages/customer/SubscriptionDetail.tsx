// One subscription: its dates and state, what happens next and when, auto-renew with the
// cut-off explained, seats to order at the prorated price, renewing with a key, its partner of
// record, and every purchase, renewal and seat addition with its cancellation window and refund.
import { api } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useHolds, useOrganizations } from '../../app/session.tsx';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { OrderSeats } from './subscription/OrderSeats.tsx';
import { PartnerOfRecord } from './subscription/PartnerOfRecord.tsx';
import { SwitchToDirect } from './subscription/SwitchToDirect.tsx';
import { AutoRenew } from './subscription/AutoRenew.tsx';
import { Changes } from './subscription/Changes.tsx';
import { NextEvent, StateBadge, SUBSCRIPTION_MANAGERS } from './SubscriptionState.tsx';

export function SubscriptionDetail({ organizationId, subscriptionId }: { organizationId: string; subscriptionId: string }) {
  const { t, date, language } = useI18n();
  const loaded = useLoad(() => api.get('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}', { path: { organizationId, subscriptionId } }), [organizationId, subscriptionId, language]);
  const manager = useHolds(organizationId, SUBSCRIPTION_MANAGERS);
  // Naming a partner of record is the customer's own act, never a partner's through delegated roles.
  const onBehalf = useOrganizations().find((o) => o.id === organizationId)?.onBehalf !== undefined;
  const namer = manager && !onBehalf;

  return (
    <LoadState loaded={loaded}>
      {(subscription) => (
        <Page title={t('sub.title', { product: subscription.plan.name[language] })} actions={<Link to={`/o/${organizationId}/subscriptions`}>{t('sub.back')}</Link>}>
          <section aria-labelledby="summary-heading" className="card">
            <h2 id="summary-heading">{t('sub.summary')}</h2>
            <dl className="facts">
              <dt>{t('sub.plan')}</dt>
              <dd>{subscription.plan.name[language]} ({subscription.plan.sku})</dd>
              <dt>{t('sub.state')}</dt>
              <dd>
                <StateBadge state={subscription.state} />
                {subscription.cancelledOn && <> {t('sub.cancelledOn', { date: date(subscription.cancelledOn) })}</>}
              </dd>
              <dt>{t('sub.term')}</dt>
              <dd>{t('redeem.review.term', { start: date(subscription.startDate), end: date(subscription.endDate) })}</dd>
              <dt>{t('sub.seats')}</dt>
              <dd>{subscription.seats}</dd>
              <dt>{t('sub.billing')}</dt>
              <dd>{subscription.billingMode === 'key' ? t('sub.billing.key') : t('sub.billing.direct')}</dd>
              <dt>{t('sub.next')}</dt>
              <dd><NextEvent subscription={subscription} /></dd>
            </dl>
            <p className="muted small">{t('subs.timeZone', { timeZone: subscription.timeZone })}</p>
          </section>
          <AutoRenew subscription={subscription} canChange={manager} onChange={loaded.reload} />
          {manager && subscription.state === 'active' && !subscription.trial && <OrderSeats subscription={subscription} />}
          {manager && subscription.billingMode === 'key' && !subscription.successorSubscriptionId && !subscription.trial && ['active', 'expired', 'disabled'].includes(subscription.state) && <SwitchToDirect subscription={subscription} />}
          {manager && (
            <section aria-labelledby="renew-heading" className="card">
              <h2 id="renew-heading">{t('sub.renew.title')}</h2>
              <p>{t('sub.renew.text')}</p>
              <p><Link to={`/redeem?organization=${organizationId}`}>{t('sub.renew.link')}</Link></p>
            </section>
          )}
          <PartnerOfRecord subscription={subscription} canChange={namer} />
          <Changes subscription={subscription} canCancel={manager} onCancelled={loaded.reload} />
        </Page>
      )}
    </LoadState>
  );
}
