// Delegated administration as the customer's global admins see it: which partners may act for
// the organization, with which roles and until when, offers waiting for acceptance (accepted from
// the mailed link), and ending any of them at any time.
import { api } from '../../api/client.ts';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { DelegationTable } from './DelegationTable.tsx';

export function CustomerDelegations({ organizationId }: { organizationId: string }) {
  const { t } = useI18n();
  const delegations = useLoad(() => api.get('/v1/organizations/{organizationId}/delegations', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  return (
    <Page title={t('customerDelegations.title')}>
      <p>{t('customerDelegations.intro')}</p>
      <LoadState loaded={delegations}>
        {({ data }) => <DelegationTable side="customer" organizationId={organizationId} delegations={data} canEnd onEnded={delegations.reload} />}
      </LoadState>
    </Page>
  );
}
