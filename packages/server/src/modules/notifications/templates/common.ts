// Pieces every template family shares: the greeting, how a subscription is named, the facts
// block about it, and the dates formatted once per mail.
//
// Each template writes whole sentences per language (never sentence fragments glued by
// code), because Japanese and English order a sentence differently; only values are
// interpolated.
import { facts, type Block } from './layout.ts';
import { daysBetween, formatCount, formatDate, formatDateInZone, zoneLabel } from './format.ts';
import type { CivilDate, CommonFields, EmailLanguage, SubscriptionSummary } from './types.ts';

/** What a template produces; the registry adds the greeting, footer and category. */
export type TemplateOutput = Readonly<{
  subject: string;
  blocks: readonly Block[];
  /** Reminder templates only: the recipient's reminder settings (unsubscribe link). */
  preferencesUrl?: string | undefined;
}>;

export type Template<I> = (input: I, language: EmailLanguage) => TemplateOutput;

/** 「山田 太郎 様」/「ご担当者様」, "Dear Taro Yamada," / "Hello,". */
export function greeting(input: CommonFields, language: EmailLanguage): string {
  const name = input.recipientName?.trim();
  if (language === 'ja') return name ? `${name} 様` : 'ご担当者様';
  return name ? `Dear ${name},` : 'Hello,';
}

/** 「Office Business（1年）」/ "Office Business (1 year)". */
export function subscriptionName(sub: Pick<SubscriptionSummary, 'productName' | 'planName'>, language: EmailLanguage): string {
  return language === 'ja' ? `${sub.productName}（${sub.planName}）` : `${sub.productName} (${sub.planName})`;
}

export function seatsText(seats: number, language: EmailLanguage): string {
  if (language === 'ja') return `${formatCount(seats, language)}ライセンス`;
  return `${formatCount(seats, language)} ${seats === 1 ? 'seat' : 'seats'}`;
}

/**
 * How far `date` is from `today`: 「あと7日」/ "in 7 days", with 「明日」/「本日」 and
 * "tomorrow"/"today", which read far more naturally. A date already past is a caller bug
 * (notices are never sent after the date they announce).
 */
export function daysLeftText(today: CivilDate, date: CivilDate, language: EmailLanguage): string {
  const days = daysBetween(today, date);
  if (days < 0) throw new RangeError(`notice written on ${today} for a date already past: ${date}`);
  if (language === 'ja') return days === 0 ? '本日' : days === 1 ? '明日' : `あと${days}日`;
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
}

/** Date formatter bound to the mail's language. */
export function dateFormatter(language: EmailLanguage): (date: CivilDate) => string {
  return (date) => formatDate(date, language);
}

export function dateRange(from: CivilDate, to: CivilDate, language: EmailLanguage): string {
  return language === 'ja'
    ? `${formatDate(from, language)}～${formatDate(to, language)}`
    : `${formatDate(from, language)} – ${formatDate(to, language)}`;
}

/**
 * The facts block every subscription mail carries: organization, subscription, seats, and the
 * end date labelled with its time zone (the key date of the mail). `extra` rows follow.
 */
export function subscriptionFacts(
  input: CommonFields,
  sub: SubscriptionSummary,
  language: EmailLanguage,
  extra: readonly (readonly [string, string])[] = [],
): Block {
  const ja = language === 'ja';
  return facts(
    [
      [ja ? '組織' : 'Organization', input.organizationName],
      [ja ? 'ご契約' : 'Subscription', subscriptionName(sub, language)],
      [ja ? 'ライセンス数' : 'Seats', seatsText(sub.seats, language)],
      [ja ? '有効期限' : 'End date', formatDateInZone(sub.endDate, input.timeZone, language)],
      ...extra,
    ],
    ja ? 'ご契約内容' : 'Subscription details',
  );
}

/** Says once per mail which zone every date is in (SPEC §4: dates are civil days there). */
export function timeZoneNote(input: CommonFields, language: EmailLanguage): string {
  if (language === 'ja') {
    return input.timeZone === 'Asia/Tokyo'
      ? '記載の日付はすべて日本時間です。'
      : `記載の日付はすべて、組織のタイムゾーン（${zoneLabel(input.timeZone, language)}）での日付です。`;
  }
  return `All dates are in the organization's time zone (${zoneLabel(input.timeZone, language)}).`;
}
