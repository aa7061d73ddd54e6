// The support desk's serial lookup: a PC, phone or tablet in the vendor's or an OEM's registry.
import { useMe } from '../../app/session.tsx';
import { Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { UnitLookup } from './UnitLookup.tsx';

export function SerialLookup() {
  const { t } = useI18n();
  const vendor = useMe().organizations.find((o) => o.kind === 'vendor');
  return (
    <Page title={t('serial.title')}>
      <UnitLookup vendorOrganizationId={vendor?.id} />
    </Page>
  );
}
