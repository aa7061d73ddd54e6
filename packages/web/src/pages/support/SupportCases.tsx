// A customer's support cases (global and license admins): opening one about a license and a
// repair, and the list with each case's state. Each case's page takes its files.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Device } from '../../api/types.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, LoadState, Page, Table, TextAreaField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { CaseState } from './CaseState.tsx';
import { LicenseChoice, RepairField, REPAIRS, useLicenseChoice } from './LicenseChoice.tsx';

async function loadCases(organizationId: string) {
  const [cases, devices] = await Promise.all([
    api.get('/v1/organizations/{organizationId}/support-cases', { path: { organizationId }, query: { limit: 200 } }),
    api.get('/v1/organizations/{organizationId}/devices', { path: { organizationId }, query: { limit: 200 } }),
  ]);
  return { cases: cases.data, devices: devices.data };
}

export function SupportCases({ organizationId }: { organizationId: string }) {
  const { t, instant } = useI18n();
  const zone = useTimeZone(organizationId);
  const loaded = useLoad(() => loadCases(organizationId), [organizationId]);
  return (
    <Page title={t('cases.title')}>
      <p>{t('cases.intro')}</p>
      <LoadState loaded={loaded}>
        {({ cases, devices }) => {
          const nameOf = (deviceId: string | null) => devices.find((d) => d.id === deviceId)?.name ?? t('devices.unnamed');
          return (
            <>
              <OpenCase organizationId={organizationId} devices={devices.filter((d) => d.active)} />
              <section aria-labelledby="cases-heading">
                <h2 id="cases-heading">{t('cases.title')}</h2>
                {cases.length === 0 ? (
                  <p>{t('cases.none')}</p>
                ) : (
                  <Table label={t('cases.title')} columns={[t('cases.column.opened'), t('cases.column.repair'), t('cases.column.subject'), t('cases.column.state')]}>
                    {cases.map((c) => (
                      <tr key={c.id}>
                        <td><Link to={`/o/${organizationId}/support-cases/${c.id}`}>{instant(c.createdAt, zone)}</Link></td>
                        <td>{t(`repair.${c.repair}`)}</td>
                        <td>{c.serialNumber ? <code>{c.serialNumber}</code> : nameOf(c.deviceId)}</td>
                        <td><CaseState state={c.state} /></td>
                      </tr>
                    ))}
                  </Table>
                )}
              </section>
            </>
          );
        }}
      </LoadState>
    </Page>
  );
}

/** Opening a case; the advisor's link fills it in (`?deviceId=…&repair=…` or `?serialNumber=…`). */
function OpenCase({ organizationId, devices }: { organizationId: string; devices: readonly Device[] }) {
  const { t } = useI18n();
  const { search, navigate } = useRouter();
  const license = useLicenseChoice(devices, { deviceId: search.get('deviceId'), serialNumber: search.get('serialNumber') });
  const [repair, setRepair] = useState<(typeof REPAIRS)[number]>(REPAIRS.find((r) => r === search.get('repair')) ?? 'motherboard_replacement');
  const [description, setDescription] = useState('');
  const needsDevice = repair === 'motherboard_replacement' && !license.device;

  const open = useAction(async () => {
    const reference = license.reference!;
    const body = {
      ...('serialNumber' in reference ? { serialNumber: reference.serialNumber } : { licenseId: reference.licenseId }),
      ...(license.device ? { deviceId: license.device.id } : {}),
      repair,
      ...(description.trim() ? { description: description.trim() } : {}),
    };
    const opened = await api.post('/v1/organizations/{organizationId}/support-cases', { path: { organizationId }, body });
    navigate(`/o/${organizationId}/support-cases/${opened.id}`);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (license.reference) void open.run();
  };
  return (
    <section aria-labelledby="open-case-heading" className="card">
      <h2 id="open-case-heading">{t('cases.open.title')}</h2>
      <form onSubmit={submit} className="stack narrow">
        <LicenseChoice devices={devices} state={license} />
        <RepairField value={repair} onChange={setRepair} />
        {needsDevice && <p className="hint">{t('cases.open.deviceRequired')}</p>}
        <TextAreaField label={t('cases.open.description')} maxLength={2000} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        <ErrorMessage error={open.error} />
        <div><button type="submit" disabled={!license.reference || open.busy}>{t('cases.open.submit')}</button></div>
      </form>
    </section>
  );
}
