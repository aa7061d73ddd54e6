// The vendor's partners (vendor staff): each reseller with its partner ID and its enrolment in
// the delegated administration program, which vendor administrators grant or withdraw.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { PartnerProfile } from '../../api/types.ts';
import { useHolds, useMe } from '../../app/session.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, Page, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export function Partners() {
  const { t, instant } = useI18n();
  const isAdmin = useHolds('vendor', ['vendor_admin']);
  const zone = useTimeZone(useMe().organizations.find((o) => o.kind === 'vendor')?.id);
  const partners = useLoad(() => api.get('/v1/partners', { query: { limit: 200 } }), []);
  const [removing, setRemoving] = useState<PartnerProfile>();
  const [notice, setNotice] = useState<string>();
  const enrol = useAction(async (partner: PartnerProfile, enrolled: boolean) => {
    await api.put('/v1/partners/{partnerId}/delegated-admin-enrollment', { path: { partnerId: partner.partnerId }, body: { enrolled } });
    setRemoving(undefined);
    setNotice(t(enrolled ? 'vendorPartners.enrolled' : 'vendorPartners.removed', { name: partner.name }));
    partners.reload();
  });

  return (
    <Page title={t('vendorPartners.title')}>
      <p>{t('vendorPartners.intro')}</p>
      {notice && <Notice>{notice}</Notice>}
      <ErrorMessage error={enrol.error} />
      <LoadState loaded={partners}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('vendorPartners.none')}</p>
          ) : (
            <Table label={t('vendorPartners.title')} columns={[t('vendorPartners.column.name'), t('vendorPartners.column.partnerId'), t('vendorPartners.column.country'), t('vendorPartners.column.enrolment')]}>
              {data.map((partner) => {
                const since = partner.delegatedAdmin.enrolledAt;
                return (
                  <tr key={partner.organizationId}>
                    <th scope="row">{partner.name}</th>
                    <td><code>{partner.partnerId}</code></td>
                    <td>{partner.country}</td>
                    <td>
                      {since ? t('vendorPartners.enrolledSince', { date: instant(since, zone) }) : t('vendorPartners.notEnrolled')}{' '}
                      {isAdmin &&
                        (since ? (
                          <button type="button" className="link-button" aria-label={t('vendorPartners.removeLabel', { name: partner.name })} onClick={() => { setNotice(undefined); setRemoving(partner); }}>{t('vendorPartners.remove')}</button>
                        ) : (
                          <button type="button" className="small-button" aria-label={t('vendorPartners.enrolLabel', { name: partner.name })} disabled={enrol.busy} onClick={() => { setNotice(undefined); void enrol.run(partner, true); }}>{t('vendorPartners.enrol')}</button>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </Table>
          )
        }
      </LoadState>
      {removing && (
        <ConfirmPanel label={t('vendorPartners.removeLabel', { name: removing.name })} question={t('vendorPartners.removeConfirm', { name: removing.name })} confirm={t('vendorPartners.removeConfirmButton')} busy={enrol.busy} onConfirm={() => void enrol.run(removing, false)} onCancel={() => setRemoving(undefined)} />
      )}
    </Page>
  );
}
