// Mails that confirm something the customer did or paid for (SPEC §3 redemption, §8 orders,
// payments, invoices). They answer "did it work, what exactly changed, and is anything left
// for me to do"; amounts are shown exactly as charged (minor units, ISO 4217 digits).
import { action, facts, paragraph, type Block } from './layout.ts';
import { formatDateInZone, formatMoney } from './format.ts';
import { dateFormatter, dateRange, seatsText, subscriptionFacts, subscriptionName, type Template } from './common.ts';
import type {
  CommonFields,
  EmailLanguage,
  InvoiceIssuedInput,
  PaymentCompletedInput,
  RedemptionConfirmedInput,
  SubscriptionChange,
  SubscriptionChangeKind,
} from './types.ts';

const CHANGE_LABELS: Readonly<Record<SubscriptionChangeKind, Readonly<Record<EmailLanguage, string>>>> = {
  subscription: { ja: '新規契約', en: 'New subscription' },
  add_seats: { ja: 'ライセンス追加', en: 'Seats added' },
  renewal: { ja: '更新', en: 'Renewal' },
  trial: { ja: '体験版', en: 'Trial' },
};

/** One table per changed subscription, headed by its name. */
function changeFacts(input: CommonFields, change: SubscriptionChange, language: EmailLanguage): Block {
  const ja = language === 'ja';
  const seats =
    change.change === 'add_seats' && change.seatsAdded !== undefined
      ? ja
        ? `${seatsText(change.seatsAdded, language)}追加（合計${seatsText(change.seats, language)}）`
        : `${seatsText(change.seatsAdded, language)} added (${seatsText(change.seats, language)} in total)`
      : seatsText(change.seats, language);
  const rows: (readonly [string, string])[] = [
    [ja ? '内容' : 'Change', CHANGE_LABELS[change.change][language]],
    [ja ? 'ライセンス数' : 'Seats', seats],
    [ja ? '期間' : 'Term', dateRange(change.startDate, change.endDate, language)],
    [ja ? '有効期限' : 'End date', formatDateInZone(change.endDate, input.timeZone, language)],
  ];
  if (change.keyLastFive !== undefined) {
    rows.push([ja ? 'プロダクトキー' : 'Product key', ja ? `${change.keyLastFive}（末尾5桁）` : `ending in ${change.keyLastFive}`]);
  }
  return facts(rows, subscriptionName(change, language));
}

export const renderRedemptionConfirmed: Template<RedemptionConfirmedInput> = (input, language) => {
  const org = input.organizationName;
  const on = dateFormatter(language)(input.redeemedOn);
  const tables = input.changes.map((c) => changeFacts(input, c, language));
  // Renewals reach devices by themselves; new seats must be assigned by an administrator.
  const seatsToAssign = input.changes.some((c) => c.change !== 'renewal');
  const partner = input.partnerName;
  if (language === 'ja') {
    const next = input.newOrganization
      ? `${org}様の組織を新たに作成し、お客様をグローバル管理者として登録いたしました（お客様にはライセンスが1つ自動的に割り当てられています）。` +
        '管理ポータルにサインインし、ユーザーを追加してライセンスを割り当ててください。'
      : seatsToAssign
        ? '追加されたライセンスは、管理ポータルからユーザーに割り当ててください。'
        : '更新内容は各デバイスに自動的に反映されますので、お手続きは不要です。';
    return {
      subject: `【完了】プロダクトキーの引き換えが完了しました（${org}）`,
      blocks: [
        paragraph(
          partner === undefined
            ? `${org}様へのプロダクトキーの引き換えが、${on}に完了しました。内容は次のとおりです。`
            : `${partner}が${org}様に代わって、${on}にプロダクトキーの引き換えを行いました。内容は次のとおりです。`,
        ),
        ...tables,
        paragraph(next),
        paragraph('お心当たりのない場合は、組織の管理者またはご購入先にお問い合わせください。'),
        action('管理ポータルを開く', input.portalUrl),
      ],
    };
  }
  const next = input.newOrganization
    ? `The organization ${org} has been created and you are its global administrator; one seat has been assigned to you automatically. ` +
      'Sign in to the portal to add users and assign them seats.'
    : seatsToAssign
      ? 'Assign the new seats to users in the portal.'
      : 'The renewal reaches devices automatically at their next check-in; no action is needed.';
  return {
    subject: `Product keys redeemed for ${org}`,
    blocks: [
      paragraph(
        partner === undefined
          ? `Product keys were redeemed for ${org} on ${on}. This is what changed:`
          : `${partner} redeemed product keys for ${org} on its behalf on ${on}. This is what changed:`,
      ),
      ...tables,
      paragraph(next),
      paragraph("If you did not expect this, please contact your organization's administrator or the seller."),
      action('Open the portal', input.portalUrl),
    ],
  };
};

const METHOD_LABELS = {
  card: { ja: 'クレジットカード', en: 'Card' },
  bank_transfer: { ja: '銀行振込', en: 'Bank transfer' },
} as const;

export const renderPaymentCompleted: Template<PaymentCompletedInput> = (input, language) => {
  const org = input.organizationName;
  const ja = language === 'ja';
  const paidOn = dateFormatter(language)(input.paidOn);
  const order = facts(
    [
      [ja ? '組織' : 'Organization', org],
      [ja ? '注文番号' : 'Order number', input.orderNumber],
      [ja ? 'お支払い日' : 'Paid on', formatDateInZone(input.paidOn, input.timeZone, language)],
      [ja ? 'お支払い金額' : 'Amount paid', formatMoney(input.amountPaid, language)],
      [ja ? 'お支払い方法' : 'Payment method', METHOD_LABELS[input.method][language]],
    ],
    ja ? 'ご注文内容' : 'Order',
  );
  const tables = input.changes.map((c) => changeFacts(input, c, language));
  if (ja) {
    return {
      subject: `【お支払い完了】ご注文（注文番号：${input.orderNumber}）のお支払いを確認しました（${org}）`,
      blocks: [
        paragraph(`${org}様のご注文について、${paidOn}にお支払いを確認いたしました。ご注文の内容は、次のとおりご契約に反映済みです。`),
        order,
        ...tables,
        paragraph('請求書は、発行後に別途メールでお送りします。追加されたライセンスは、管理ポータルからユーザーに割り当てられます。'),
        paragraph('ご注文いただき、誠にありがとうございました。'),
        action('ご注文内容を確認する', input.portalUrl),
      ],
    };
  }
  return {
    subject: `Payment received for order ${input.orderNumber} – ${org}`,
    blocks: [
      paragraph(`We received the payment for the order of ${org} on ${paidOn}. The order has been applied to the subscriptions below.`),
      order,
      ...tables,
      paragraph('The invoice follows in a separate email once issued. You can assign any new seats to users in the portal.'),
      paragraph('Thank you for your order.'),
      action('View the order', input.portalUrl),
    ],
  };
};

export const renderInvoiceIssued: Template<InvoiceIssuedInput> = (input, language) => {
  const org = input.organizationName;
  const ja = language === 'ja';
  const invoice = facts(
    [
      [ja ? '組織' : 'Organization', org],
      [ja ? '請求書番号' : 'Invoice number', input.invoiceNumber],
      [ja ? '発行日' : 'Issued on', formatDateInZone(input.issuedOn, input.timeZone, language)],
      [ja ? '発行元' : 'Issued by', input.issuerName],
      [ja ? '注文番号' : 'Order number', input.orderNumber],
      [ja ? '合計金額（税込）' : 'Total (tax included)', formatMoney(input.total, language)],
    ],
    ja ? '請求書' : 'Invoice',
  );
  const subscriptions = input.subscriptions.map((s) => subscriptionFacts(input, s, language));
  if (ja) {
    return {
      subject: `【請求書発行のお知らせ】請求書番号：${input.invoiceNumber}（${org}）`,
      blocks: [
        paragraph(
          `${org}様のご注文（注文番号：${input.orderNumber}）について、${input.issuerName}の請求書（適格請求書）を発行いたしました。` +
            '次のリンクから PDF をダウンロードしてください。',
        ),
        invoice,
        ...subscriptions,
        paragraph('お支払いはすでに完了しておりますので、新たなお支払いは不要です。経理処理用に保存してください。'),
        action('請求書をダウンロードする', input.invoiceUrl),
      ],
    };
  }
  return {
    subject: `Invoice ${input.invoiceNumber} issued – ${org}`,
    blocks: [
      paragraph(
        `${input.issuerName} has issued the invoice for the order ${input.orderNumber} of ${org}. Download the PDF with the link below.`,
      ),
      invoice,
      ...subscriptions,
      paragraph('This order is already paid; nothing more is due. Please keep the invoice for your records.'),
      action('Download the invoice', input.invoiceUrl),
    ],
  };
};
