// An organization's subscriptions: state and dates (days in the organization's time zone), what
// happens next and when, and auto-renew.
import { api } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { NextEvent, StateBadge } from './SubscriptionState.tsx';

export function Subscriptions({ organizationId }: { organizationId: string }) {
  const { t, date, language } = useI18n();
  const subscriptions = useLoad(() => api.get('/v1/organizations/{organizationId}/subscriptions', { path: { organizationId } }), [organizationId, language]);
  return (
    <Page title={t('subs.title')} actions={<Link to={`/redeem?organization=${organizationId}`} className="button secondary">{t('subs.redeem')}</Link>}>
      <LoadState loaded={subscriptions}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('subs.none')}</p>
          ) : (
            <>
              <p className="muted">{t('subs.timeZone', { timeZone: data[0]!.timeZone })}</p>
              <Table label={t('subs.title')} columns={[t('subs.column.product'), t('subs.column.seats'), t('subs.column.state'), t('subs.column.term'), t('subs.column.next'), t('subs.column.autoRenew')]}>
                {data.map((s) => (
                  <tr key={s.id}>
                    <td><Link to={`/o/${organizationId}/subscriptions/${s.id}`}>{s.plan.name[language]}</Link></td>
                    <td>{s.seats}</td>
                    <td><StateBadge state={s.state} /></td>
                    <td>{t('redeem.review.term', { start: date(s.startDate), end: date(s.endDate) })}</td>
                    <td><NextEvent subscription={s} /></td>
                    <td>{s.trial ? t('autoRenew.trial') : s.autoRenew ? t('autoRenew.on') : t('autoRenew.off')}</td>
                  </tr>
                ))}
              </Table>
            </>
          )
        }
      </LoadState>
    </Page>
  );
}
