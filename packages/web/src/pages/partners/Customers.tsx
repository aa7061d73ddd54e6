// A partner's customers: the organizations that named it partner of record or hold an open
// delegated administration relationship with it, with that relationship's roles and end, and a
// way into each customer it may act for (the roles granted, shown in the layout on every page).
import { useEffect } from 'react';
import { DELEGABLE_ROLES, type DelegableRole } from '@licentia/core/partners/delegation';
import { api } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useOrganizations, useSession } from '../../app/session.tsx';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { PartnerProfileNote } from './PartnerProfileNote.tsx';

// The customers list types these as plain strings.
const isDelegable = (role: string): role is DelegableRole => (DELEGABLE_ROLES as readonly string[]).includes(role);
const isStatus = (status: string): status is 'offered' | 'active' | 'ended' => ['offered', 'active', 'ended'].includes(status);

export function Customers({ organizationId }: { organizationId: string }) {
  const { t, date } = useI18n();
  const { refresh } = useSession();
  const organizations = useOrganizations();
  const customers = useLoad(() => api.get('/v1/organizations/{organizationId}/customers', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  const profile = useLoad(() => api.get('/v1/organizations/{organizationId}/partner-profile', { path: { organizationId } }), [organizationId]);
  // A customer may have accepted since sign-in: who this person may act for is read again.
  useEffect(() => void refresh(), [refresh]);

  return (
    <Page title={t('customers.title')}>
      {profile.data && <PartnerProfileNote profile={profile.data} />}
      <LoadState loaded={customers}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('customers.none')}</p>
          ) : (
            <Table label={t('customers.title')} columns={[t('customers.column.name'), t('customers.column.country'), t('customers.column.subscriptions'), t('customers.column.delegation')]}>
              {data.map((customer) => {
                const delegation = customer.delegation;
                const actingFor = organizations.find((o) => o.id === customer.organizationId && o.onBehalf);
                return (
                  <tr key={customer.organizationId}>
                    <th scope="row">{customer.name}</th>
                    <td>{customer.country}</td>
                    <td>{customer.subscriptionsOfRecord}</td>
                    <td>
                      {delegation ? (
                        <>
                          {t('customers.delegation.text', { status: isStatus(delegation.status) ? t(`delegation.status.${delegation.status}`) : delegation.status, roles: delegation.roles.map((r) => (isDelegable(r) ? t(`role.${r}`) : r)).join(', ') })}
                          {delegation.endDate && <> {t('customers.delegation.until', { date: date(delegation.endDate) })}</>}
                        </>
                      ) : (
                        t('customers.delegation.none')
                      )}
                      {actingFor && (
                        <p><Link to={`/o/${customer.organizationId}/subscriptions`}>{t('customers.actFor', { name: customer.name })}</Link></p>
                      )}
                    </td>
                  </tr>
                );
              })}
            </Table>
          )
        }
      </LoadState>
    </Page>
  );
}
