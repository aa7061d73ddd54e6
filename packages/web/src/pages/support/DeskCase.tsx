// One case at the desk: its proofs to review (downloadable), the unit in the registries (by the
// case's serial number, or the receipt's), and the decision. Approving issues a one-time
// reactivation code, shown here once (the answer is not stored by the browser or any proxy;
// leaving the page forgets it); approving again issues a new one and revokes it.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Approval } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { useMe } from '../../app/session.tsx';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, Page, TextAreaField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { caseDeviceName, CaseFiles, CaseSummary } from './CaseDetails.tsx';
import { UnitLookup } from './UnitLookup.tsx';

async function loadCase(organizationId: string, caseId: string) {
  const [supportCase, organization] = await Promise.all([
    api.get('/v1/organizations/{organizationId}/support-cases/{caseId}', { path: { organizationId, caseId } }),
    api.get('/v1/organizations/{organizationId}', { path: { organizationId } }),
  ]);
  return { supportCase, organization, deviceName: await caseDeviceName(supportCase) };
}

export function DeskCase({ organizationId, caseId }: { organizationId: string; caseId: string }) {
  const { t, instant } = useI18n();
  const vendor = useMe().organizations.find((o) => o.kind === 'vendor');
  const loaded = useLoad(() => loadCase(organizationId, caseId), [organizationId, caseId]);
  const [note, setNote] = useState('');
  const [approval, setApproval] = useState<Approval>();
  const [rejected, setRejected] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const approve = useAction(async () => {
    setApproval(await api.post('/v1/support-cases/{caseId}/approve', { path: { caseId }, body: note.trim() ? { note: note.trim() } : {} }));
    loaded.reload();
  });
  const reject = useAction(async () => {
    await api.post('/v1/support-cases/{caseId}/reject', { path: { caseId }, body: note.trim() ? { note: note.trim() } : {} });
    setApproval(undefined);
    setRejecting(false);
    setRejected(true);
    loaded.reload();
  });

  return (
    <LoadState loaded={loaded}>
      {({ supportCase, organization, deviceName }) => {
        const zone = organization.timeZone;
        const serial = supportCase.serialNumber ?? supportCase.attachments.find((a) => a.receipt)?.receipt?.serialNumber;
        const decidable = supportCase.state === 'open' || supportCase.state === 'approved';
        return (
          <Page title={t('desk.caseTitle', { customer: organization.name, repair: t(`repair.${supportCase.repair}`) })} actions={<Link to="/vendor/support-cases">{t('desk.back')}</Link>}>
            {approval && (
              <section className="code-panel" aria-labelledby="code-heading">
                <h2 id="code-heading">{t('desk.code.title')}</h2>
                <p className="reactivation-code"><code>{approval.reactivationCode.code}</code></p>
                <p>{t('desk.code.text', { expires: instant(approval.reactivationCode.expiresAt, zone) })}</p>
              </section>
            )}
            {rejected && <Notice>{t('desk.rejected')}</Notice>}
            <CaseSummary supportCase={supportCase} zone={zone} deviceName={deviceName} />
            <section aria-labelledby="review-heading">
              <h2 id="review-heading" className="visually-hidden">{t('desk.review')}</h2>
              <CaseFiles supportCase={supportCase} zone={zone} />
            </section>
            <section aria-labelledby="unit-heading" className="card">
              <h2 id="unit-heading">{t('desk.unit')}</h2>
              <UnitLookup initial={serial} vendorOrganizationId={vendor?.id} />
            </section>
            {decidable && (
              <section aria-labelledby="decide-heading" className="card">
                <h2 id="decide-heading">{t('desk.decide')}</h2>
                <div className="stack narrow">
                  <TextAreaField label={t('desk.note')} hint={t('desk.noteHint')} maxLength={2000} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
                  <ErrorMessage error={approve.error ?? reject.error} />
                  {rejecting ? (
                    <ConfirmPanel label={t('desk.reject')} question={t('desk.rejectConfirm')} confirm={t('desk.reject')} busy={reject.busy} onConfirm={() => void reject.run()} onCancel={() => setRejecting(false)} />
                  ) : (
                    <div className="actions">
                      <button type="button" disabled={approve.busy || supportCase.missing.length > 0} onClick={() => void approve.run()}>{t('desk.approve')}</button>
                      <button type="button" className="secondary" onClick={() => setRejecting(true)}>{t('desk.reject')}</button>
                    </div>
                  )}
                </div>
              </section>
            )}
          </Page>
        );
      }}
    </LoadState>
  );
}
