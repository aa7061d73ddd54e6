// What a support case holds, the same for the customer and the desk: its state and dates, its
// files (downloadable, with the receipt's facts), and what it still needs before approval.
import { api, downloadFile } from '../../api/client.ts';
import type { SupportCase } from '../../api/types.ts';
import { useAction } from '../../components/hooks.ts';
import { ErrorMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { CaseState } from './CaseState.tsx';

/** The name of the device a case is about (read among its license's devices), if it names one. */
export async function caseDeviceName(supportCase: SupportCase): Promise<string | undefined> {
  if (!supportCase.deviceId) return undefined;
  const devices = await api.get('/v1/organizations/{organizationId}/devices', { path: { organizationId: supportCase.organizationId }, query: { licenseId: supportCase.licenseId, limit: 200 } });
  return devices.data.find((d) => d.id === supportCase.deviceId)?.name ?? undefined;
}

export function CaseSummary({ supportCase, zone, deviceName }: { supportCase: SupportCase; zone: string; deviceName?: string | undefined }) {
  const { t, instant } = useI18n();
  const c = supportCase;
  return (
    <section aria-labelledby="case-summary-heading" className="card">
      <h2 id="case-summary-heading">{t('case.summary')}</h2>
      <dl className="facts">
        <dt>{t('case.state')}</dt>
        <dd><CaseState state={c.state} /></dd>
        <dt>{t('case.repair')}</dt>
        <dd>{t(`repair.${c.repair}`)}</dd>
        {c.deviceId && (
          <>
            <dt>{t('case.device')}</dt>
            <dd>{deviceName ?? c.deviceId}</dd>
          </>
        )}
        {c.serialNumber && (
          <>
            <dt>{t('case.serial')}</dt>
            <dd><code>{c.serialNumber}</code></dd>
          </>
        )}
        <dt>{t('case.opened')}</dt>
        <dd>{instant(c.createdAt, zone)}{c.openedBy === 'agent' && <> ({t('case.openedByAgent')})</>}</dd>
        {c.description && (
          <>
            <dt>{t('case.description')}</dt>
            <dd>{c.description}</dd>
          </>
        )}
        {c.decidedAt && (
          <>
            <dt>{t('case.decided')}</dt>
            <dd>{instant(c.decidedAt, zone)}</dd>
          </>
        )}
        {c.decisionNote && (
          <>
            <dt>{t('case.note')}</dt>
            <dd>{c.decisionNote}</dd>
          </>
        )}
        {c.resolvedAt && (
          <>
            <dt>{t('case.resolved')}</dt>
            <dd>{instant(c.resolvedAt, zone)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function CaseFiles({ supportCase, zone }: { supportCase: SupportCase; zone: string }) {
  const { t, date, instant, bytes } = useI18n();
  const c = supportCase;
  const download = useAction((attachment: SupportCase['attachments'][number]) =>
    downloadFile('/v1/organizations/{organizationId}/support-cases/{caseId}/attachments/{attachmentId}', { organizationId: c.organizationId, caseId: c.id, attachmentId: attachment.id }, attachment.fileName),
  );
  return (
    <section aria-labelledby="case-files-heading" className="card">
      <h2 id="case-files-heading">{t('case.files')}</h2>
      {c.attachments.length === 0 ? (
        <p>{t('case.noFiles')}</p>
      ) : (
        <ul className="file-list">
          {c.attachments.map((a) => (
            <li key={a.id}>
              <p>
                <strong>{t(`case.file.${a.kind}`)}</strong>: {a.fileName} ({bytes(a.sizeBytes)}, {instant(a.createdAt, zone)}){' '}
                <button type="button" className="link-button" aria-label={t('case.file.downloadLabel', { name: a.fileName })} disabled={download.busy} onClick={() => void download.run(a)}>{t('case.file.download')}</button>
              </p>
              {a.receipt && <p className="small">{t('case.file.receipt', { model: a.receipt.model, date: date(a.receipt.purchaseDate), serial: a.receipt.serialNumber })}</p>}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={download.error} />
      {(c.state === 'open' || c.state === 'approved') && (
        <p className={c.missing.length > 0 ? 'emphasis' : 'muted'}>
          {c.missing.length > 0 ? t('case.missing', { items: c.missing.map((m) => t(`case.file.${m}`)).join(', ') }) : t('case.complete')}
        </p>
      )}
    </section>
  );
}
