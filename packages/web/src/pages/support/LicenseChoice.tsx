// Which license a repair is about: one of the organization's active devices (its license, and
// the device itself, which a motherboard case must name), or a PC that came with the license,
// by its serial number or IMEI (found through the hardware registry).
import { useState } from 'react';
import type { Device } from '../../api/types.ts';
import { SelectField, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export type LicenseReference = { licenseId: string; deviceId: string } | { serialNumber: string };

const BY_SERIAL = 'serial';

export function useLicenseChoice(devices: readonly Device[], initial: { deviceId?: string | null; serialNumber?: string | null } = {}) {
  const [choice, setChoice] = useState(() => {
    if (initial.deviceId && devices.some((d) => d.id === initial.deviceId)) return initial.deviceId;
    return initial.serialNumber ? BY_SERIAL : devices[0]?.id ?? BY_SERIAL;
  });
  const [serial, setSerial] = useState(initial.serialNumber ?? '');
  const device = devices.find((d) => d.id === choice);
  const reference: LicenseReference | undefined = device ? { licenseId: device.license.id, deviceId: device.id } : serial.trim() ? { serialNumber: serial.trim() } : undefined;
  return { choice, setChoice, serial, setSerial, device, reference };
}

export function LicenseChoice({ devices, state }: { devices: readonly Device[]; state: ReturnType<typeof useLicenseChoice> }) {
  const { t } = useI18n();
  return (
    <>
      <SelectField label={t('license.which')} value={state.choice} onChange={(e) => state.setChoice(e.target.value)}>
        {devices.map((device) => (
          <option key={device.id} value={device.id}>{t('license.device', { name: device.name ?? t('devices.unnamed') })}</option>
        ))}
        <option value={BY_SERIAL}>{t('license.bySerial')}</option>
      </SelectField>
      {!state.device && (
        <TextField label={t('license.serial')} hint={t('license.serialHint')} required autoComplete="off" spellCheck={false} maxLength={100} value={state.serial} onChange={(e) => state.setSerial(e.target.value)} />
      )}
    </>
  );
}

/** The repairs SPEC §6's table distinguishes, in the order a person thinks of them. */
export const REPAIRS = ['motherboard_replacement', 'os_reinstall', 'disk_replacement', 'other'] as const;

export function RepairField({ value, onChange }: { value: (typeof REPAIRS)[number]; onChange(next: (typeof REPAIRS)[number]): void }) {
  const { t } = useI18n();
  return (
    <SelectField label={t('advisor.repair')} value={value} onChange={(e) => onChange(e.target.value as (typeof REPAIRS)[number])}>
      {REPAIRS.map((repair) => (
        <option key={repair} value={repair}>{t(`repair.${repair}`)}</option>
      ))}
    </SelectField>
  );
}
