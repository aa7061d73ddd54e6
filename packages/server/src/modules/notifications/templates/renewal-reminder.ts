// Renewal reminders, 60/30/7/1 days before the end date E (SPEC §4).
//
// What the customer must do depends on auto-renew:
// - off: renew on or before E (the new term then starts E+1, nothing paid is lost); otherwise
//   grace starts E+1 and users lose access on `disabledFrom`.
// - on: nothing; it renews on E+1. To stop it, turn auto-renew off by the cut-off (E−30); once
//   that has passed, the only way out is to cancel within the renewal's own refund window.
import { action, paragraph } from './layout.ts';
import { addDays, compareDates, daysBetween } from './format.ts';
import { dateFormatter, daysLeftText, subscriptionFacts, subscriptionName, type Template } from './common.ts';
import type { EmailLanguage, RenewalReminderInput } from './types.ts';

/** 168 → "168 hours (7 days)"; a window that is not whole days is stated in hours only. */
function windowText(hours: number, language: EmailLanguage): string {
  const days = hours / 24;
  if (language === 'ja') return Number.isInteger(days) ? `${hours}時間（${days}日間）` : `${hours}時間`;
  return Number.isInteger(days) ? `${hours} hours (${days} ${days === 1 ? 'day' : 'days'})` : `${hours} hours`;
}

export const renderRenewalReminder: Template<RenewalReminderInput> = (input, language) => {
  const sub = input.subscription;
  const d = dateFormatter(language);
  const E = d(sub.endDate);
  const renewsOn = d(addDays(sub.endDate, 1));
  const org = input.organizationName;
  const name = subscriptionName(sub, language);
  const left = daysLeftText(input.today, sub.endDate, language);
  const daysLeft = daysBetween(input.today, sub.endDate);
  const ja = language === 'ja';
  const details = subscriptionFacts(input, sub, language, [
    [ja ? '自動更新' : 'Auto-renew', input.autoRenew ? (ja ? '有効' : 'On') : ja ? '無効' : 'Off'],
  ]);
  const base = { preferencesUrl: input.preferencesUrl };

  if (!input.autoRenew) {
    const hasGrace = compareDates(input.disabledFrom, addDays(sub.endDate, 1)) > 0;
    const disabledFrom = d(input.disabledFrom);
    if (ja) {
      const headline =
        daysLeft <= 1 ? `ご契約の有効期限は${left}までです`
        : daysLeft <= 7 ? `ご契約の有効期限まで${left}です`
        : 'ご契約の更新期限が近づいています';
      return {
        ...base,
        subject: `【${daysLeft <= 7 ? '重要' : '更新のご案内'}】${headline}（${sub.productName}・${org}）`,
        blocks: [
          paragraph(`${org}様でご利用中の「${name}」は、${E}に有効期限を迎えます（${left}）。`),
          paragraph(
            `引き続きご利用いただくには、${E}までに更新のお手続きをお願いいたします。` +
              `期限までに更新された場合、新しい契約期間は${renewsOn}から始まりますので、現在のご契約の残り期間が無駄になることはありません。`,
          ),
          paragraph(
            hasGrace
              ? `更新されない場合、${renewsOn}から猶予期間となります。猶予期間中はこれまでどおりご利用いただけますが、${disabledFrom}からはユーザーの皆様がご利用いただけなくなります。`
              : `更新されない場合、${renewsOn}からユーザーの皆様がご利用いただけなくなります。`,
          ),
          details,
          action('更新手続きへ進む', input.portalUrl),
        ],
      };
    }
    return {
      ...base,
      subject: `Renewal reminder: ${sub.productName} for ${org} ends ${left} (${E})`,
      blocks: [
        paragraph(`The ${name} subscription of ${org} ends on ${E} (${left}).`),
        paragraph(
          `To keep using it, please renew on or before ${E}. ` +
            `The new term then starts on ${renewsOn}, so none of the time already paid for is lost.`,
        ),
        paragraph(
          hasGrace
            ? `If it is not renewed, it enters a grace period on ${renewsOn}: everything keeps working, but from ${disabledFrom} users can no longer use it.`
            : `If it is not renewed, users can no longer use it from ${renewsOn}.`,
        ),
        details,
        action('Renew now', input.portalUrl),
      ],
    };
  }

  // Auto-renew on. The cut-off is inclusive (core: canTurnOffAutoRenew).
  const cutoff = d(input.autoRenewCutoffDate);
  const cutoffComparison = compareDates(input.today, input.autoRenewCutoffDate);
  const window = windowText(input.cancellationWindowHours, language);
  if (ja) {
    const howToStop =
      cutoffComparison > 0
        ? `自動更新の停止期限（${cutoff}）を過ぎているため、今回の更新は停止できません。` +
          `更新後にご契約が不要になった場合は、更新から${window}以内に解約のお手続きをいただくと、未使用期間分を日割りで返金いたします。`
        : `自動更新を停止する場合は、${cutoffComparison === 0 ? `本日（${cutoff}）中に` : `${cutoff}までに`}管理ポータルで自動更新をオフにしてください。` +
          'この日を過ぎると、今回の更新は停止できなくなります。';
    return {
      ...base,
      subject: `【自動更新のお知らせ】ご契約は${renewsOn}に自動更新されます（${sub.productName}・${org}）`,
      blocks: [
        paragraph(
          `${org}様でご利用中の「${name}」は、自動更新が有効になっています。` +
            `有効期限（${E}）の翌日、${renewsOn}に同じ内容で自動的に更新されますので、お手続きは不要です。`,
        ),
        paragraph(howToStop),
        details,
        action(cutoffComparison > 0 ? 'ご契約内容を確認する' : '自動更新の設定を確認する', input.portalUrl),
      ],
    };
  }
  const howToStop =
    cutoffComparison > 0
      ? `The last day to turn auto-renew off for this renewal was ${cutoff}, so the renewal will go ahead. ` +
        `If you no longer need the subscription, you can cancel it within ${window} after the renewal, and the unused days are refunded pro rata.`
      : `If you do not want it renewed, turn auto-renew off in the portal on or before ${cutoff}${cutoffComparison === 0 ? ' (today)' : ''}. ` +
        'After that date this renewal can no longer be stopped.';
  return {
    ...base,
    subject: `Renewal notice: ${sub.productName} for ${org} renews automatically on ${renewsOn}`,
    blocks: [
      paragraph(
        `Auto-renew is on for the ${name} subscription of ${org}, which ends on ${E} (${left}). ` +
          `It renews automatically on ${renewsOn} for another term, so you do not need to do anything.`,
      ),
      paragraph(howToStop),
      details,
      action(cutoffComparison > 0 ? 'View subscription' : 'Review auto-renew', input.portalUrl),
    ],
  };
};
