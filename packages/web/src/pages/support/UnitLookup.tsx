// A unit in the hardware registries (the vendor's and every OEM's), by serial number, product
// number or IMEI however it was typed or read out: its model, purchase, the key it came with and
// where that key went, and the repair completion reports OEMs issued for it.
import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { api, downloadFile } from '../../api/client.ts';
import type { HardwareProduct } from '../../api/types.ts';
import { useAction } from '../../components/hooks.ts';
import { ErrorMessage, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

async function lookUp(identifier: string) {
  const [units, reports] = await Promise.all([
    api.get('/v1/hardware-products', { query: { identifier, limit: 20 } }),
    api.get('/v1/repair-reports', { query: { identifier } }),
  ]);
  return { units: units.data, reports: reports.data };
}

export function UnitLookup({ initial, vendorOrganizationId }: { initial?: string | undefined; vendorOrganizationId: string | undefined }) {
  const { t, date } = useI18n();
  const [identifier, setIdentifier] = useState(initial ?? '');
  const [found, setFound] = useState<Awaited<ReturnType<typeof lookUp>>>();
  const search = useAction(async (value: string) => setFound(await lookUp(value)));
  const downloadReport = useAction((report: { id: string; repairedOn: string }) => downloadFile('/v1/repair-reports/{reportId}/pdf', { reportId: report.id }, `repair-report-${report.repairedOn}.pdf`));
  useEffect(() => {
    if (initial) void search.run(initial);
  }, [initial, search.run]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (identifier.trim()) void search.run(identifier.trim());
  };

  return (
    <div className="stack">
      <form onSubmit={submit} className="stack narrow" role="search">
        <TextField label={t('serial.identifier')} hint={t('serial.hint')} required autoComplete="off" spellCheck={false} maxLength={100} value={identifier} onChange={(e) => setIdentifier(e.target.value)} />
        <div><button type="submit" className="secondary" disabled={!identifier.trim() || search.busy}>{t('serial.submit')}</button></div>
      </form>
      <ErrorMessage error={search.error ?? downloadReport.error} />
      {found && (
        <div className="stack" role="region" aria-label={t('serial.units')}>
          {found.units.length === 0 ? <p role="status">{t('serial.none')}</p> : found.units.map((unit) => <Unit key={unit.id} unit={unit} vendorOrganizationId={vendorOrganizationId} />)}
          <h3>{t('serial.reports')}</h3>
          {found.reports.length === 0 ? (
            <p>{t('serial.noReports')}</p>
          ) : (
            <ul>
              {found.reports.map((report) => (
                <li key={report.id}>
                  {t('serial.report', { repair: t(`repair.${report.repair}`), date: date(report.repairedOn) })}{' '}
                  <button type="button" className="link-button" aria-label={t('serial.reportPdfLabel', { date: date(report.repairedOn) })} disabled={downloadReport.busy} onClick={() => void downloadReport.run(report)}>{t('serial.reportPdf')}</button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function Unit({ unit, vendorOrganizationId }: { unit: HardwareProduct; vendorOrganizationId: string | undefined }) {
  const { t, date } = useI18n();
  const key = unit.preinstalledLicense;
  const facts: [string, string][] = [
    [t('serial.serialNumber'), unit.serialNumber ?? '—'],
    [t('serial.productNumber'), unit.productNumber ?? '—'],
    [t('serial.imei'), unit.imei ?? '—'],
    [t('serial.purchaseDate'), unit.purchaseDate ? date(unit.purchaseDate) : '—'],
    [t('serial.seller'), unit.seller ?? '—'],
    [t('serial.registry'), unit.ownerOrganizationId === vendorOrganizationId ? t('serial.registry.vendor') : t('serial.registry.oem', { id: unit.ownerOrganizationId })],
    [
      t('serial.key'),
      key
        ? t('serial.key.text', { last5: key.keyLast5, redeemed: key.redeemedOrganizationId ? t('serial.key.redeemed', { organization: key.redeemedOrganizationId }) : t('serial.key.unused') })
        : t('serial.key.none'),
    ],
    [t('serial.license'), key?.licenseId ?? '—'],
  ];
  return (
    <section className="card" aria-label={unit.model}>
      <h3>{unit.model}</h3>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}
