// One support case, as the customer follows it: its state, its files and what it still needs,
// uploading the receipt and the repair report while it is open, what to do next (the advisor,
// from this case's license and repair), and withdrawing it. The reactivation code itself is the
// agent's to give: the API never shows it to customers.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { AdviceView } from './Advisor.tsx';
import { caseDeviceName, CaseFiles, CaseSummary } from './CaseDetails.tsx';
import { Upload } from './Upload.tsx';

async function loadCase(organizationId: string, caseId: string) {
  const supportCase = await api.get('/v1/organizations/{organizationId}/support-cases/{caseId}', { path: { organizationId, caseId } });
  const [advice, deviceName] = await Promise.all([
    api.post('/v1/organizations/{organizationId}/reactivation-advice', { path: { organizationId }, body: { licenseId: supportCase.licenseId, repair: supportCase.repair } }),
    caseDeviceName(supportCase),
  ]);
  return { supportCase, advice, deviceName };
}

export function SupportCaseDetail({ organizationId, caseId }: { organizationId: string; caseId: string }) {
  const { t } = useI18n();
  const zone = useTimeZone(organizationId);
  const loaded = useLoad(() => loadCase(organizationId, caseId), [organizationId, caseId]);
  const [closing, setClosing] = useState(false);
  const close = useAction(async () => {
    await api.post('/v1/organizations/{organizationId}/support-cases/{caseId}/close', { path: { organizationId, caseId } });
    setClosing(false);
    loaded.reload();
  });
  return (
    <LoadState loaded={loaded}>
      {({ supportCase, advice, deviceName }) => (
        <Page title={t('case.title', { repair: t(`repair.${supportCase.repair}`) })} actions={<Link to={`/o/${organizationId}/support-cases`}>{t('case.back')}</Link>}>
          <CaseSummary supportCase={supportCase} zone={zone} deviceName={deviceName} />
          <p className="hint">{t('case.codeNote')}</p>
          <CaseFiles supportCase={supportCase} zone={zone} />
          {supportCase.state === 'open' && <Upload supportCase={supportCase} onUploaded={loaded.reload} />}
          <section aria-labelledby="case-advice-heading" className="card">
            <h2 id="case-advice-heading">{t('advisor.title')}</h2>
            <AdviceView advice={advice} organizationId={organizationId} currentCaseId={supportCase.id} />
          </section>
          {(supportCase.state === 'open' || supportCase.state === 'approved') && (
            closing ? (
              <ConfirmPanel label={t('case.close')} question={t('case.closeConfirm')} confirm={t('case.close')} busy={close.busy} onConfirm={() => void close.run()} onCancel={() => setClosing(false)} />
            ) : (
              <p><button type="button" className="secondary" onClick={() => setClosing(true)}>{t('case.close')}</button></p>
            )
          )}
          <ErrorMessage error={close.error} />
        </Page>
      )}
    </LoadState>
  );
}
