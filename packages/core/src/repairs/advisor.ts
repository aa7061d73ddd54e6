// The reactivation advisor (SPEC §6): "what must this customer do", from the real license and
// repair data, step by step in both languages. The server gathers the facts (the license's
// column, its state, the support case and its proofs); this decides and words the answer.
import { changeOfRepair, reactivationPath, type HardwareChange, type LicenseColumn, type ReactivationPath, type RepairKind } from './hardware-change.ts';
import type { Bilingual } from './messages.ts';

export const SUPPORT_CASE_STATES = ['open', 'approved', 'resolved', 'rejected', 'closed'] as const;
export type SupportCaseState = (typeof SUPPORT_CASE_STATES)[number];

export interface AdvisorFacts {
  column: LicenseColumn;
  repair: RepairKind;
  /** The state of the subscription behind the license (`active`, `expired` … as lifecycle says). */
  licenseState: 'active' | 'expired' | 'disabled' | 'cancelled' | 'deleted';
  /** Personal linked licenses: the account to sign in with, masked (`t***@example.com`). */
  linkedAccount?: string | undefined;
  /** The latest support case about this license and repair, if any. */
  supportCase?:
    | {
        id: string;
        state: SupportCaseState;
        hasProofOfPurchase: boolean;
        hasRepairReport: boolean;
        /** The live code's expiry (ISO instant), when one is issued and not yet used. */
        codeExpiresAt?: string | undefined;
      }
    | undefined;
  /** A repair completion report issued by the OEM for the device's serial number. */
  oemRepairReportOnFile: boolean;
}

export const ADVICE_STEPS = [
  'RENEW_FIRST',
  'NOTHING_TO_DO',
  'ACTIVATE_FROM_APP',
  'SIGN_IN_WITH_LINKED_ACCOUNT',
  'OLD_DEVICE_FREED',
  'OPEN_SUPPORT_CASE',
  'UPLOAD_PROOF_OF_PURCHASE',
  'UPLOAD_REPAIR_REPORT',
  'WAIT_FOR_APPROVAL',
  'ENTER_REACTIVATION_CODE',
  'CASE_REJECTED',
] as const;
export type AdviceStepCode = (typeof ADVICE_STEPS)[number];

export interface AdviceStep {
  code: AdviceStepCode;
  /** Already done, as far as the data shows (a case opened, a file uploaded, a code issued). */
  done: boolean;
  text: Bilingual;
}

export interface Advice {
  change: HardwareChange;
  path: ReactivationPath;
  /** The license cannot be used at all until renewed: reactivating would not help. */
  blocked: boolean;
  steps: AdviceStep[];
}

const TEXT: Record<AdviceStepCode, Bilingual> = {
  RENEW_FIRST: {
    en: 'The subscription of this license is {state}: renew it first. A reactivation cannot make it usable.',
    ja: 'このライセンスのサブスクリプションは {state} の状態です。先に更新してください。再アクティベートしても使用できるようにはなりません。',
  },
  NOTHING_TO_DO: {
    en: 'This repair does not affect the license: nothing to do. The app keeps working.',
    ja: 'この修理はライセンスに影響しません。操作は不要で、アプリはそのまま使用できます。',
  },
  ACTIVATE_FROM_APP: {
    en: 'Start the app and activate it with your product key. It recognizes the device: no extra device slot is used and support is not needed.',
    ja: 'アプリを起動し、プロダクト キーでアクティベートしてください。同じデバイスとして認識されるため、デバイス枠は追加で使用されず、サポートへの連絡も不要です。',
  },
  SIGN_IN_WITH_LINKED_ACCOUNT: {
    en: 'Start the app and sign in with the account the license is linked to ({account}).',
    ja: 'アプリを起動し、ライセンスにリンクされたアカウント ({account}) でサインインしてください。',
  },
  OLD_DEVICE_FREED: {
    en: 'The license moves to the repaired device; the record of the device before the repair is freed by itself.',
    ja: 'ライセンスは修理後のデバイスに移り、修理前のデバイスの登録は自動的に解除されます。',
  },
  OPEN_SUPPORT_CASE: {
    en: 'Open a support case for this license, naming the device that was repaired.',
    ja: 'このライセンスについてサポート ケースを作成し、修理したデバイスを指定してください。',
  },
  UPLOAD_PROOF_OF_PURCHASE: {
    en: 'Upload the proof of purchase: a photo or PDF of the receipt showing the model, the purchase date and the serial number.',
    ja: '購入証明として、機種・購入日・シリアル番号が記載された領収書の写真または PDF をアップロードしてください。',
  },
  UPLOAD_REPAIR_REPORT: {
    en: 'Upload the repair completion report from the repair shop (photo or PDF), unless the manufacturer has issued it to us directly.',
    ja: '修理店の修理完了報告書 (写真または PDF) をアップロードしてください。メーカーから直接発行されている場合は不要です。',
  },
  WAIT_FOR_APPROVAL: {
    en: 'Support checks the documents and issues a one-time reactivation code.',
    ja: 'サポートが書類を確認し、1 回限り有効な再アクティベーション コードを発行します。',
  },
  ENTER_REACTIVATION_CODE: {
    en: 'Enter the reactivation code in the app{expires? before {codeExpiresAt}|}. It works once, for this license only.',
    ja: '{expires?{codeExpiresAt} までに|}アプリで再アクティベーション コードを入力してください。このライセンスに 1 回だけ使用できます。',
  },
  CASE_REJECTED: {
    en: 'Support could not approve the previous case; see its note, then open a new case with the missing documents.',
    ja: '前回のケースは承認されませんでした。ケースのメモを確認し、不足している書類を添えて新しいケースを作成してください。',
  },
};

function fill(template: string, values: Record<string, string | undefined>): string {
  const chosen = template.replace(/\{(\w+)\?((?:[^|{}]|\{\w+\})*)\|([^}]*)\}/g, (_whole, name: string, yes: string, no: string) => (values[name] ? yes : no));
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function step(code: AdviceStepCode, done: boolean, values: Record<string, string | undefined> = {}): AdviceStep {
  return { code, done, text: { en: fill(TEXT[code].en, values), ja: fill(TEXT[code].ja, values) } };
}

function supportSteps(facts: AdvisorFacts, change: HardwareChange): AdviceStep[] {
  const current = facts.supportCase;
  const steps: AdviceStep[] = [];
  // A rejected or withdrawn case proves nothing: the customer starts again.
  const usable = current && (current.state === 'open' || current.state === 'approved' || current.state === 'resolved') ? current : undefined;
  if (current?.state === 'rejected') steps.push(step('CASE_REJECTED', false));
  steps.push(step('OPEN_SUPPORT_CASE', usable !== undefined));
  const decided = usable !== undefined && usable.state !== 'open';
  steps.push(step('UPLOAD_PROOF_OF_PURCHASE', decided || (usable?.hasProofOfPurchase ?? false)));
  if (change === 'board') steps.push(step('UPLOAD_REPAIR_REPORT', decided || facts.oemRepairReportOnFile || (usable?.hasRepairReport ?? false)));
  steps.push(step('WAIT_FOR_APPROVAL', decided));
  const expiry = usable?.state === 'approved' ? usable.codeExpiresAt : undefined;
  steps.push(step('ENTER_REACTIVATION_CODE', usable?.state === 'resolved', { expires: expiry, codeExpiresAt: expiry }));
  return steps;
}

export function adviseReactivation(facts: AdvisorFacts): Advice {
  const change = changeOfRepair(facts.repair);
  const path = reactivationPath(facts.column, change);
  if (facts.licenseState !== 'active' && facts.licenseState !== 'expired') {
    return { change, path, blocked: true, steps: [step('RENEW_FIRST', false, { state: facts.licenseState })] };
  }
  let steps: AdviceStep[];
  switch (path) {
    case 'nothing_to_do':
      steps = [step('NOTHING_TO_DO', true)];
      break;
    case 'self_service':
      steps = [step('ACTIVATE_FROM_APP', false)];
      break;
    case 'sign_in':
      steps = [step('SIGN_IN_WITH_LINKED_ACCOUNT', false, { account: facts.linkedAccount ?? '—' })];
      if (change === 'board') steps.push(step('OLD_DEVICE_FREED', false));
      break;
    case 'support_code':
      steps = supportSteps(facts, change);
      break;
  }
  return { change, path, blocked: false, steps };
}
