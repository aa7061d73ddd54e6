// A partner's own ID (what customers name it partner of record with) and its enrolment in the
// delegated administration program.
import type { PartnerProfile } from '../../api/types.ts';
import { useTimeZone } from '../../app/time-zone.ts';
import { useI18n } from '../../i18n/I18n.tsx';

export function PartnerProfileNote({ profile }: { profile: PartnerProfile }) {
  const { t, instant } = useI18n();
  const zone = useTimeZone(profile.organizationId);
  const enrolledAt = profile.delegatedAdmin.enrolledAt;
  return (
    <div className="card">
      <p>{t('partnerDelegations.profile', { partnerId: profile.partnerId })}</p>
      <p>{enrolledAt ? t('partnerDelegations.enrolled', { date: instant(enrolledAt, zone) }) : t('partnerDelegations.notEnrolled')}</p>
    </div>
  );
}
