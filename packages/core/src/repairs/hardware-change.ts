// SPEC §6 "Hardware changes": what a repair changed, and what the customer must do about it,
// for each kind of license. Pure: the server applies it at activation and check-in, the advisor
// explains it, the SDK and the portal may show it offline.
//
// The table (SPEC §6), as data:
//
//   change \ license              business (key,     personal, linked     personal, not linked
//                                 not linked)        to an account
//   OS reinstalled / disk replaced self_service       sign_in              self_service
//   motherboard replaced           support_code       sign_in              support_code
//   anything else                  nothing_to_do      nothing_to_do        nothing_to_do
//
// "Same board with a new disk or OS install is the same device (its record is reused, no extra
// slot is used). A new board is a new device."

/** Hashes of a device's components, as the SDK reports them (never raw serial numbers). */
export interface HardwareComponents {
  board?: string | undefined;
  disk?: string | undefined;
  osInstall?: string | undefined;
  cpu?: string | undefined;
  mac?: string | undefined;
}

/** What changed since the device record was made: the rows of SPEC §6's table. */
export const HARDWARE_CHANGES = ['none', 'os_or_disk', 'board'] as const;
export type HardwareChange = (typeof HARDWARE_CHANGES)[number];

/** The columns of the table. */
export const LICENSE_COLUMNS = ['business', 'personal_linked', 'personal_unlinked'] as const;
export type LicenseColumn = (typeof LICENSE_COLUMNS)[number];

/** The cells of the table. */
export const REACTIVATION_PATHS = ['nothing_to_do', 'self_service', 'sign_in', 'support_code'] as const;
export type ReactivationPath = (typeof REACTIVATION_PATHS)[number];

const differs = (known: HardwareComponents, reported: HardwareComponents, name: keyof HardwareComponents) =>
  known[name] !== undefined && reported[name] !== undefined && known[name] !== reported[name];

/**
 * What changed between the components a device record holds and those reported now. A
 * component either side did not report is unknown, never a change. `fingerprintChanged`: the
 * app's fingerprint (derived from the operating system's machine id) differs from the record's
 * although the board is the same, which is what an OS reinstall or a new system disk does.
 * CPU, network card and anything else: `none` ("anything else: nothing to do").
 */
export function classifyHardwareChange(input: { known: HardwareComponents; reported: HardwareComponents; fingerprintChanged: boolean }): HardwareChange {
  const { known, reported } = input;
  if (differs(known, reported, 'board')) return 'board';
  if (input.fingerprintChanged || differs(known, reported, 'disk') || differs(known, reported, 'osInstall')) return 'os_or_disk';
  return 'none';
}

/**
 * Which column of the table a license falls in. A product key redeemed into an organization of
 * the `personal` segment is a personal license, linked when its holder linked it to their
 * account (a digital license); a key of any other segment is a business license, which cannot
 * be linked. A seat (`kind = seat`) is a person's own, used by signing in: it is the "linked to
 * an account" column whatever the segment, since the account is the only thing it is bound to.
 */
export function licenseColumn(license: { kind: 'key' | 'seat'; segment: string; linkedToAccount: boolean }): LicenseColumn {
  if (license.kind === 'seat') return 'personal_linked';
  if (license.segment !== 'personal') return 'business';
  return license.linkedToAccount ? 'personal_linked' : 'personal_unlinked';
}

const TABLE: Record<HardwareChange, Record<LicenseColumn, ReactivationPath>> = {
  none: { business: 'nothing_to_do', personal_linked: 'nothing_to_do', personal_unlinked: 'nothing_to_do' },
  os_or_disk: { business: 'self_service', personal_linked: 'sign_in', personal_unlinked: 'self_service' },
  board: { business: 'support_code', personal_linked: 'sign_in', personal_unlinked: 'support_code' },
};

/** SPEC §6's table: what the customer must do after this change on this kind of license. */
export function reactivationPath(column: LicenseColumn, change: HardwareChange): ReactivationPath {
  return TABLE[change][column];
}

/** What an activation presents besides the license itself. */
export interface ReactivationCredentials {
  /** The activation is made by the person the license is linked to, signed in (their seat, or their linked key). */
  signedInAsLinkedAccount: boolean;
  /** A reactivation code issued by support for this license was presented (validity is checked by the server). */
  reactivationCode: boolean;
}

/** How a hardware change is settled: each outcome has its own code and message (`messages.ts`). */
export const REACTIVATION_OUTCOMES = [
  'NO_HARDWARE_CHANGE',
  'SELF_SERVICE_REACTIVATION',
  'REACTIVATED_BY_SIGN_IN',
  'REACTIVATED_BY_CODE',
  'REACTIVATION_SIGN_IN_REQUIRED',
  'REACTIVATION_CODE_REQUIRED',
] as const;
export type ReactivationOutcome = (typeof REACTIVATION_OUTCOMES)[number];

export type Settlement =
  | { proceed: true; outcome: Extract<ReactivationOutcome, 'NO_HARDWARE_CHANGE' | 'SELF_SERVICE_REACTIVATION' | 'REACTIVATED_BY_SIGN_IN' | 'REACTIVATED_BY_CODE'> }
  | { proceed: false; outcome: Extract<ReactivationOutcome, 'REACTIVATION_SIGN_IN_REQUIRED' | 'REACTIVATION_CODE_REQUIRED'> };

/**
 * Whether an activation that found this path may go ahead. A reactivation code is support's
 * override and settles any path (a person who lost access to their account calls support too);
 * signing in settles the sign-in path only: it is what proves the person, and a business or
 * unlinked license has no account to prove.
 */
export function settleReactivation(path: ReactivationPath, presented: ReactivationCredentials): Settlement {
  switch (path) {
    case 'nothing_to_do':
      return { proceed: true, outcome: 'NO_HARDWARE_CHANGE' };
    case 'self_service':
      return { proceed: true, outcome: 'SELF_SERVICE_REACTIVATION' };
    case 'sign_in':
      if (presented.signedInAsLinkedAccount) return { proceed: true, outcome: 'REACTIVATED_BY_SIGN_IN' };
      if (presented.reactivationCode) return { proceed: true, outcome: 'REACTIVATED_BY_CODE' };
      return { proceed: false, outcome: 'REACTIVATION_SIGN_IN_REQUIRED' };
    case 'support_code':
      if (presented.reactivationCode) return { proceed: true, outcome: 'REACTIVATED_BY_CODE' };
      return { proceed: false, outcome: 'REACTIVATION_CODE_REQUIRED' };
  }
}

/** The repair a customer reports (support cases, the advisor), and the change it makes. */
export const REPAIR_KINDS = ['os_reinstall', 'disk_replacement', 'motherboard_replacement', 'other'] as const;
export type RepairKind = (typeof REPAIR_KINDS)[number];

export function changeOfRepair(repair: RepairKind): HardwareChange {
  switch (repair) {
    case 'os_reinstall':
    case 'disk_replacement':
      return 'os_or_disk';
    case 'motherboard_replacement':
      return 'board';
    case 'other':
      return 'none';
  }
}
