// Delegated administration as a partner sees it: its partner ID and enrolment in the program,
// making an offer (partner admins of an enrolled partner), and every relationship with its
// state; withdrawing an offer or ending a relationship (partner admins).
import { api } from '../../api/client.ts';
import { useHolds } from '../../app/session.tsx';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { DelegationTable } from './DelegationTable.tsx';
import { OfferForm } from './OfferForm.tsx';
import { PartnerProfileNote } from './PartnerProfileNote.tsx';

export function PartnerDelegations({ organizationId }: { organizationId: string }) {
  const { t } = useI18n();
  const isAdmin = useHolds(organizationId, ['partner_admin']);
  const profile = useLoad(() => api.get('/v1/organizations/{organizationId}/partner-profile', { path: { organizationId } }), [organizationId]);
  const delegations = useLoad(() => api.get('/v1/organizations/{organizationId}/delegations', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  return (
    <Page title={t('partnerDelegations.title')}>
      <LoadState loaded={profile}>
        {(p) => (
          <>
            <PartnerProfileNote profile={p} />
            {isAdmin && p.delegatedAdmin.enrolled && <OfferForm partnerOrganizationId={organizationId} onOffered={delegations.reload} />}
          </>
        )}
      </LoadState>
      <section aria-labelledby="relationships-heading">
        <h2 id="relationships-heading">{t('customerDelegations.title')}</h2>
        <LoadState loaded={delegations}>
          {({ data }) => <DelegationTable side="partner" organizationId={organizationId} delegations={data} canEnd={isAdmin} onEnded={delegations.reload} />}
        </LoadState>
      </section>
    </Page>
  );
}
