// The messages of each reactivation outcome, in both languages: the server returns them with
// activations (and its error catalogue says the same for the two refusals), the SDK and the
// portal can show them offline.
import type { ReactivationOutcome } from './hardware-change.ts';

export interface Bilingual {
  ja: string;
  en: string;
}

export const REACTIVATION_OUTCOME_MESSAGES: Record<ReactivationOutcome, Bilingual> = {
  NO_HARDWARE_CHANGE: {
    en: 'No hardware change that affects the license: nothing to do.',
    ja: 'ライセンスに影響するハードウェアの変更はありません。操作は不要です。',
  },
  SELF_SERVICE_REACTIVATION: {
    en: 'The operating system or system disk of this device changed; the license was reactivated on the same device, without using another device slot.',
    ja: 'このデバイスの OS またはシステム ディスクが変更されたため、同じデバイスとしてライセンスを再アクティベートしました。デバイス枠は追加で使用されていません。',
  },
  REACTIVATED_BY_SIGN_IN: {
    en: 'You signed in with the account the license is linked to; the license is now on this device.',
    ja: 'ライセンスにリンクされたアカウントでサインインしたため、ライセンスをこのデバイスに移しました。',
  },
  REACTIVATED_BY_CODE: {
    en: 'The reactivation code from support was accepted; the license moved to this device and the code cannot be used again.',
    ja: 'サポートから発行された再アクティベーション コードを受け付け、ライセンスをこのデバイスに移しました。このコードはもう使用できません。',
  },
  REACTIVATION_SIGN_IN_REQUIRED: {
    en: 'The hardware of this device changed. This license is linked to an account: sign in with that account in the app to reactivate it.',
    ja: 'このデバイスのハードウェアが変更されました。このライセンスはアカウントにリンクされているため、アプリでそのアカウントにサインインして再アクティベートしてください。',
  },
  REACTIVATION_CODE_REQUIRED: {
    en: 'The motherboard of this device was replaced. Contact support with your proof of purchase and the repair completion report to receive a reactivation code.',
    ja: 'このデバイスのマザーボードが交換されました。購入証明と修理完了報告書を添えてサポートに連絡し、再アクティベーション コードを受け取ってください。',
  },
};
