// The reactivation advisor (SPEC §6): "what must this customer do", answered from the real data:
// the license's column in the hardware-change table (its kind, its organization's segment,
// whether it is linked to an account), the state of its subscription, the latest support case
// about this repair with its files and code, and any repair report an OEM issued for the unit.
// Core's `adviseReactivation` decides and words the steps.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { adviseReactivation, type Advice, type AdvisorFacts, type RepairKind, type SupportCaseState } from '@licentia/core/repairs';
import type { DB } from '../../db/schema.ts';
import { columnOf, linkedUserOf } from '../devices/reactivation.ts';
import { oemRepairReportOnFile } from '../hardware-registry/store.ts';
import { maskEmail, resolveLicense, standingOfLicense, type LicenseReferenceInput } from './case-license.ts';
import { liveCodeExpiry } from './reactivation-codes.ts';
import { latestCaseOfLicense, proofsOfCase } from './store.ts';

export interface AdviceAnswer extends Advice {
  licenseId: string;
  column: AdvisorFacts['column'];
  caseId: string | null;
}

export async function adviseOnLicense(db: Kysely<DB>, organizationId: string, input: { reference: LicenseReferenceInput; repair: RepairKind }, now: Temporal.Instant): Promise<AdviceAnswer> {
  const { license, serialNumber } = await resolveLicense(db, organizationId, input.reference);
  const standing = await standingOfLicense(db, license, now);
  const column = columnOf(standing, license);
  const linkedUserId = linkedUserOf(standing, license);
  const linkedUser = linkedUserId === null ? undefined : await db.selectFrom('users').select('email').where('id', '=', linkedUserId).executeTakeFirst();
  const latest = await latestCaseOfLicense(db, organizationId, license.id, input.repair);
  let supportCase: AdvisorFacts['supportCase'];
  if (latest) {
    const proofs = await proofsOfCase(db, organizationId, latest.id);
    const codeExpiresAt = latest.state === 'approved' ? await liveCodeExpiry(db, organizationId, latest.id, now) : undefined;
    supportCase = { id: latest.id, state: latest.state as SupportCaseState, hasProofOfPurchase: proofs.proofOfPurchase, hasRepairReport: proofs.repairReport, codeExpiresAt };
  }
  const oemReport = await oemRepairReportOnFile(db, { serialNumber: serialNumber ?? latest?.serial_number, productKeyId: license.product_key_id, repair: input.repair });
  const advice = adviseReactivation({
    column,
    repair: input.repair,
    licenseState: standing.state,
    linkedAccount: linkedUser ? maskEmail(linkedUser.email) : undefined,
    supportCase,
    oemRepairReportOnFile: oemReport,
  });
  return { ...advice, licenseId: license.id, column, caseId: latest?.id ?? null };
}
