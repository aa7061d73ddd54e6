// The organization's devices: which license each uses, when it was activated and last checked
// in; deactivating one frees its slot. After a repair, the reactivation advisor answers from a
// device's real license and repair data (global and license admins); in a personal account,
// the person links its product keys to their own account (digital licenses).
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Device, Role } from '../../api/types.ts';
import { useHolds } from '../../app/session.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, Page, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { Advisor } from '../support/Advisor.tsx';
import { DigitalLicenses } from './DigitalLicenses.tsx';

const DEACTIVATORS: readonly Role[] = ['global_admin', 'license_admin'];
/** Who may ask the advisor and open support cases. */
const REPAIR_ROLES: readonly Role[] = ['global_admin', 'license_admin'];

export function Devices({ organizationId }: { organizationId: string }) {
  const { t, instant } = useI18n();
  const canDeactivate = useHolds(organizationId, DEACTIVATORS);
  const adviser = useHolds(organizationId, REPAIR_ROLES);
  const organization = useLoad(() => api.get('/v1/organizations/{organizationId}', { path: { organizationId } }), [organizationId]);
  const [showAll, setShowAll] = useState(false);
  const devices = useLoad(() => api.get('/v1/organizations/{organizationId}/devices', { path: { organizationId }, query: { limit: 200, ...(showAll ? {} : { active: true }) } }), [organizationId, showAll]);
  const members = useLoad(() => api.get('/v1/organizations/{organizationId}/members', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  const [confirming, setConfirming] = useState<Device>();
  const [done, setDone] = useState<string>();
  const timeZone = useTimeZone(organizationId);
  const nameOf = (device: Device) => device.name ?? t('devices.unnamed');

  const deactivate = useAction(async (device: Device) => {
    await api.delete('/v1/organizations/{organizationId}/devices/{deviceId}', { path: { organizationId, deviceId: device.id } });
    setConfirming(undefined);
    setDone(t('devices.deactivated', { name: nameOf(device) }));
    devices.reload();
  });
  const licenseText = (device: Device) => {
    if (device.license.kind === 'key') return t('devices.license.key');
    const holder = members.data?.data.find((m) => m.userId === device.license.userId);
    return t('devices.license.seat', { name: holder?.name ?? device.license.userId ?? '' });
  };

  return (
    <Page title={t('devices.title')}>
      <div className="choice">
        <input type="checkbox" id="show-all-devices" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
        <label htmlFor="show-all-devices">{t('devices.showAll')}</label>
      </div>
      {done && <Notice>{done}</Notice>}
      <ErrorMessage error={deactivate.error} />
      <LoadState loaded={devices}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('table.empty')}</p>
          ) : (
            <Table label={t('devices.title')} columns={[t('devices.column.name'), t('devices.column.license'), t('devices.column.activated'), t('devices.column.checkIn'), t('devices.column.state'), canDeactivate && { hidden: t('table.actions') }]}>
              {data.map((device) => (
                <tr key={device.id}>
                  <th scope="row">{nameOf(device)}</th>
                  <td>{licenseText(device)}</td>
                  <td>{instant(device.activatedAt, timeZone)}</td>
                  <td>{device.lastCheckInAt ? instant(device.lastCheckInAt, timeZone) : '—'}</td>
                  <td>{device.active ? t('devices.active') : t('devices.inactive')}</td>
                  {canDeactivate && (
                    <td>
                      {device.active && (
                        <button type="button" className="link-button" aria-label={t('devices.deactivateLabel', { name: nameOf(device) })} onClick={() => { setDone(undefined); setConfirming(device); }}>
                          {t('devices.deactivate')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </Table>
          )
        }
      </LoadState>
      {confirming && (
        <ConfirmPanel
          label={t('devices.deactivateLabel', { name: nameOf(confirming) })}
          question={t('devices.deactivateConfirm', { name: nameOf(confirming) })}
          confirm={t('devices.deactivate')}
          busy={deactivate.busy}
          onConfirm={() => void deactivate.run(confirming)}
          onCancel={() => setConfirming(undefined)}
        />
      )}
      {adviser && devices.data && <Advisor organizationId={organizationId} devices={devices.data.data.filter((d) => d.active)} />}
      {organization.data?.segment === 'personal' && <DigitalLicenses organizationId={organizationId} />}
    </Page>
  );
}
