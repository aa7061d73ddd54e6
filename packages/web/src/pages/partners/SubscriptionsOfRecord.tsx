// The subscriptions a partner is partner of record of (soonest end first), or those of them
// renewing within 60 days on each customer's own calendar: who, what, how many seats, the state,
// the end date and what happens next.
import { api } from '../../api/client.ts';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { NextEvent, StateBadge } from '../customer/SubscriptionState.tsx';

export function SubscriptionsOfRecord({ organizationId, upcoming }: { organizationId: string; upcoming: boolean }) {
  const { t, date, language } = useI18n();
  const title = t(upcoming ? 'ofRecord.renewalsTitle' : 'ofRecord.title');
  const list = useLoad(
    () => (upcoming ? api.get('/v1/organizations/{organizationId}/upcoming-renewals', { path: { organizationId }, query: { limit: 200 } }) : api.get('/v1/organizations/{organizationId}/customer-subscriptions', { path: { organizationId }, query: { limit: 200 } })),
    [organizationId, upcoming],
  );
  return (
    <Page title={title}>
      <p>{t(upcoming ? 'ofRecord.renewalsIntro' : 'ofRecord.intro')}</p>
      <LoadState loaded={list}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('ofRecord.none')}</p>
          ) : (
            <Table label={title} columns={[t('ofRecord.column.customer'), t('subs.column.product'), t('subs.column.seats'), t('subs.column.state'), t('ofRecord.column.end'), t('subs.column.next'), t('subs.column.autoRenew')]}>
              {data.map(({ customer, subscription: s }) => (
                <tr key={s.id}>
                  <th scope="row">{customer.name}</th>
                  <td>{s.plan.name[language]}</td>
                  <td>{s.seats}</td>
                  <td><StateBadge state={s.state} /></td>
                  <td>{date(s.endDate)}</td>
                  <td><NextEvent subscription={s} /></td>
                  <td>{s.trial ? t('autoRenew.trial') : s.autoRenew ? t('autoRenew.on') : t('autoRenew.off')}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </LoadState>
    </Page>
  );
}
