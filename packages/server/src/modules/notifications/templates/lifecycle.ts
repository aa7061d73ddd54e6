// State-change notices (SPEC §4 "States"): expired (grace), disabled, deletion soon,
// reactivated, and cancelled (within a purchase's or renewal's window). Each says what the state means for users and administrators, the next date
// that matters, and what to do before it. The dates arrive computed (core's stateBoundaries),
// so plans with other grace/retention numbers word correctly.
import { action, paragraph } from './layout.ts';
import { addDays, compareDates, formatMoney } from './format.ts';
import { dateFormatter, dateRange, subscriptionFacts, subscriptionName, type Template } from './common.ts';
import type {
  SubscriptionCancelledInput,
  SubscriptionDeletionSoonInput,
  SubscriptionDisabledInput,
  SubscriptionExpiredInput,
  SubscriptionReactivatedInput,
} from './types.ts';

/** A notice whose dates contradict each other would tell the customer something false. */
function assertAfter(later: string, earlier: string, what: string): void {
  if (compareDates(later, earlier) <= 0) throw new RangeError(`${what}: ${later} must be after ${earlier}`);
}

export const renderSubscriptionExpired: Template<SubscriptionExpiredInput> = (input, language) => {
  const sub = input.subscription;
  // Without grace the subscription goes straight to `disabled`; there is no grace to announce.
  assertAfter(input.disabledFrom, addDays(sub.endDate, 1), 'disabledFrom');
  const d = dateFormatter(language);
  const E = d(sub.endDate);
  const graceFrom = d(addDays(sub.endDate, 1));
  const lastGraceDayIso = addDays(input.disabledFrom, -1);
  const lastGraceDay = d(lastGraceDayIso);
  const disabledFrom = d(input.disabledFrom);
  const org = input.organizationName;
  const name = subscriptionName(sub, language);
  const grace = dateRange(addDays(sub.endDate, 1), lastGraceDayIso, language);
  if (language === 'ja') {
    return {
      subject: `【重要】ご契約の有効期限が終了しました：猶予期間は${lastGraceDay}まで（${sub.productName}・${org}）`,
      blocks: [
        paragraph(`${org}様でご利用中の「${name}」は、${E}をもって有効期限が終了し、${graceFrom}から猶予期間に入りました。`),
        paragraph(
          `猶予期間中の${lastGraceDay}までは、これまでどおりご利用いただけます。` +
            `${disabledFrom}からはユーザーの皆様がご利用いただけなくなりますので、それまでに更新のお手続きをお願いいたします。`,
        ),
        paragraph(`猶予期間中に更新された場合、新しい契約期間は${graceFrom}から始まります。`),
        subscriptionFacts(input, sub, language, [['猶予期間', grace]]),
        action('更新手続きへ進む', input.portalUrl),
      ],
    };
  }
  return {
    subject: `Action needed: ${sub.productName} for ${org} has expired – renew by ${lastGraceDay}`,
    blocks: [
      paragraph(`The ${name} subscription of ${org} ended on ${E}. It has been in its grace period since ${graceFrom}.`),
      paragraph(
        `Everything keeps working until ${lastGraceDay}. From ${disabledFrom}, users can no longer use it, so please renew before then.`,
      ),
      paragraph(`If you renew during the grace period, the new term starts on ${graceFrom}, right after the previous one.`),
      subscriptionFacts(input, sub, language, [['Grace period', grace]]),
      action('Renew now', input.portalUrl),
    ],
  };
};

export const renderSubscriptionDisabled: Template<SubscriptionDisabledInput> = (input, language) => {
  const sub = input.subscription;
  assertAfter(input.disabledFrom, sub.endDate, 'disabledFrom');
  assertAfter(input.deletedFrom, input.disabledFrom, 'deletedFrom');
  const d = dateFormatter(language);
  const E = d(sub.endDate);
  const disabledFrom = d(input.disabledFrom);
  const deletedFrom = d(input.deletedFrom);
  const lastDay = d(addDays(input.deletedFrom, -1));
  const org = input.organizationName;
  const name = subscriptionName(sub, language);
  if (language === 'ja') {
    return {
      subject: `【重要】ご契約のご利用が停止されました（${sub.productName}・${org}）`,
      blocks: [
        paragraph(`${org}様の「${name}」は、猶予期間内に更新されなかったため、${disabledFrom}からご利用が停止されています（有効期限：${E}）。`),
        paragraph(
          '現在、ユーザーの皆様はアプリを閲覧のみでご利用いただけます。' +
            '管理者の方は引き続き組織のデータにアクセスできますが、ライセンスの割り当てはできません。',
        ),
        paragraph('更新のお手続きをいただくと、すぐにご利用を再開できます。新しい契約期間は更新日から始まります。'),
        paragraph(
          `${deletedFrom}にデータが削除され、それ以降は更新できなくなります（改めてのご購入が必要です）。` +
            `ご利用を再開される場合は、${lastDay}までに更新してください。`,
        ),
        subscriptionFacts(input, sub, language, [['データ削除日', deletedFrom]]),
        action('更新してご利用を再開する', input.portalUrl),
      ],
    };
  }
  return {
    subject: `${sub.productName} for ${org} is disabled – renew by ${lastDay} to reactivate`,
    blocks: [
      paragraph(
        `The ${name} subscription of ${org} has been disabled since ${disabledFrom}, because it was not renewed during its grace period (it ended on ${E}).`,
      ),
      paragraph(
        "Users can no longer use it: the apps are read-only. Administrators still have access to the organization's data but cannot assign seats.",
      ),
      paragraph('Renew to reactivate it at once; the new term starts on the day you renew.'),
      paragraph(
        `On ${deletedFrom} the data will be deleted, and the subscription can then no longer be renewed, only bought anew. ` +
          `To keep it, renew on or before ${lastDay}.`,
      ),
      subscriptionFacts(input, sub, language, [['Data deleted on', deletedFrom]]),
      action('Renew and reactivate', input.portalUrl),
    ],
  };
};

export const renderSubscriptionDeletionSoon: Template<SubscriptionDeletionSoonInput> = (input, language) => {
  const sub = input.subscription;
  assertAfter(input.deletedFrom, sub.endDate, 'deletedFrom');
  const d = dateFormatter(language);
  const E = d(sub.endDate);
  const deletedFrom = d(input.deletedFrom);
  const lastDay = d(addDays(input.deletedFrom, -1));
  const org = input.organizationName;
  const name = subscriptionName(sub, language);
  if (language === 'ja') {
    return {
      subject: `【重要】ご契約のデータは${deletedFrom}に削除されます（${sub.productName}・${org}）`,
      blocks: [
        paragraph(
          `${org}様の「${name}」（有効期限：${E}、現在ご利用停止中）のデータは、${deletedFrom}に削除されます。` +
            '削除されたデータは復元できず、ご契約の更新もできなくなります。',
        ),
        paragraph(
          `引き続きご利用になる場合は、${lastDay}までに更新のお手続きをお願いいたします。` +
            'ご利用を終了される場合は、必要なデータをそれまでに保存してください。',
        ),
        subscriptionFacts(input, sub, language, [['データ削除日', deletedFrom]]),
        action('更新手続きへ進む', input.portalUrl),
      ],
    };
  }
  return {
    subject: `The data of ${sub.productName} for ${org} will be deleted on ${deletedFrom}`,
    blocks: [
      paragraph(
        `The data of the ${name} subscription of ${org} (ended on ${E}, now disabled) will be deleted on ${deletedFrom}. ` +
          'Deleted data cannot be restored, and the subscription can then no longer be renewed.',
      ),
      paragraph(`To keep using it, renew on or before ${lastDay}. If you do not intend to renew, save any data you need before then.`),
      subscriptionFacts(input, sub, language, [['Data deleted on', deletedFrom]]),
      action('Renew now', input.portalUrl),
    ],
  };
};

export const renderSubscriptionReactivated: Template<SubscriptionReactivatedInput> = (input, language) => {
  const sub = input.subscription;
  if (compareDates(sub.endDate, input.termStartDate) < 0) {
    throw new RangeError(`endDate: ${sub.endDate} is before the term start ${input.termStartDate}`);
  }
  const term = dateRange(input.termStartDate, sub.endDate, language);
  const org = input.organizationName;
  const name = subscriptionName(sub, language);
  if (language === 'ja') {
    return {
      subject: `ご契約のご利用を再開いただけるようになりました（${sub.productName}・${org}）`,
      blocks: [
        paragraph(`${org}様の「${name}」の更新が完了し、ご利用を再開いただけるようになりました。ご更新いただき、誠にありがとうございます。`),
        paragraph(`新しい契約期間は${term}です。ライセンスの割り当ては、以前のまま引き継がれます。`),
        paragraph(
          '各デバイスには次回のオンライン確認時（24時間以内）に自動的に反映されますので、お手続きは不要です。' +
            'すぐに反映させたい場合は、インターネットに接続した状態でアプリを起動してください。',
        ),
        subscriptionFacts(input, sub, language, [['契約期間', term]]),
        action('ご契約内容を確認する', input.portalUrl),
      ],
    };
  }
  return {
    subject: `${sub.productName} for ${org} is active again`,
    blocks: [
      paragraph(`The ${name} subscription of ${org} has been renewed and is active again. Thank you for renewing.`),
      paragraph(`The new term is ${term}. Seat assignments are kept as they were.`),
      paragraph(
        'Devices pick up the renewal at their next check-in (within 24 hours); no action is needed. ' +
          'To apply it sooner, open the app while connected to the internet.',
      ),
      subscriptionFacts(input, sub, language, [['Term', term]]),
      action('View subscription', input.portalUrl),
    ],
  };
};

export const renderSubscriptionCancelled: Template<SubscriptionCancelledInput> = (input, language) => {
  const sub = input.subscription;
  assertAfter(input.deletedFrom, input.cancelledOn, 'deletedFrom');
  const d = dateFormatter(language);
  const cancelledOn = d(input.cancelledOn);
  const lastDay = d(addDays(input.deletedFrom, -1));
  const deletedFrom = d(input.deletedFrom);
  const org = input.organizationName;
  const name = subscriptionName(sub, language);
  const refund = formatMoney(input.refund, language);
  if (language === 'ja') {
    const refundText = [
      input.refund.amount > 0 ? `未使用期間分の${refund}を、お支払いに使用された方法で返金いたします。` : '',
      input.byKey ? 'プロダクト キーでご購入いただいた分の返金は、ご購入元の販売店が行います。販売店にお問い合わせください。' : '',
    ].join('') || '返金の対象となる金額はありません。';
    return {
      subject: `【重要】ご契約を解約しました（${sub.productName}・${org}）`,
      blocks: [
        paragraph(`${org}様の「${name}」は、${cancelledOn}に解約されました。`),
        paragraph(
          `ユーザーの皆様は、${cancelledOn}からご利用いただけなくなりました（アプリは閲覧のみとなります）。` +
            `管理者の方は${lastDay}まで組織のデータにアクセスできます。${deletedFrom}以降、データは削除されます。`,
        ),
        paragraph(refundText),
        subscriptionFacts(input, sub, language, [['解約日', cancelledOn], ['返金額', refund]]),
        action('ご契約を確認する', input.portalUrl),
      ],
    };
  }
  const refundText = [
    input.refund.amount > 0 ? `${refund} for the unused days will be refunded to the payment method used.` : '',
    input.byKey ? 'What was bought with a product key is refunded by the seller you bought it from: please contact them.' : '',
  ].filter(Boolean).join(' ') || 'There is nothing to refund.';
  return {
    subject: `${sub.productName} for ${org} was cancelled on ${cancelledOn}`,
    blocks: [
      paragraph(`The ${name} subscription of ${org} was cancelled on ${cancelledOn}.`),
      paragraph(
        `Users lost access that day (apps are read-only). Administrators keep access to the organization's data until ${lastDay}; from ${deletedFrom} it is deleted.`,
      ),
      paragraph(refundText),
      subscriptionFacts(input, sub, language, [['Cancelled on', cancelledOn], ['Refund', refund]]),
      action('View the subscription', input.portalUrl),
    ],
  };
};
