// The event → template registry and the one entry point, renderEmail. Pure: no I/O, no clock;
// delivery (SMTP, the outbox of SPEC §9) calls this and decides whether to send a reminder
// from the recipient's preferences and the returned category.
//
// Categories (SPEC §4: "Recipients may opt out of reminders, not of transactional mail"):
// - `reminder`: renewal reminders only. They are advance notice of a date the customer can
//   also see in the portal, and a partner of record with many customers may reasonably not
//   want four mails per subscription per term. Each carries the unsubscribe sentence.
// - `transactional`: everything else, including the delegated-admin expiry notices. Those
//   look like reminders but concern who may act inside the customer's organization: a global
//   admin must learn that a partner's access is about to be extended or end, and SPEC §7
//   requires the notices. State changes (grace, disabled, deletion) warn of lost access or
//   data and are never optional either.
import { paragraph, renderHtml, renderText, type EmailDocument } from './layout.ts';
import { assertTimeZone, oneLine } from './format.ts';
import { greeting, timeZoneNote, type Template } from './common.ts';
import { renderRenewalReminder } from './renewal-reminder.ts';
import {
  renderSubscriptionDeletionSoon,
  renderSubscriptionCancelled,
  renderSubscriptionDisabled,
  renderSubscriptionExpired,
  renderSubscriptionReactivated,
} from './lifecycle.ts';
import { renderInvoiceIssued, renderPaymentCompleted, renderRedemptionConfirmed } from './commerce.ts';
import {
  renderDelegatedAdminAccepted,
  renderDelegatedAdminEnded,
  renderDelegatedAdminExpiring,
  renderDelegatedAdminOffer,
} from './delegated-admin.ts';
import type { EmailCategory, EmailKind, EmailLanguage, EmailMessageInput, RenderedEmail } from './types.ts';

type Entry<K extends EmailKind> = Readonly<{
  category: EmailCategory;
  render: Template<Extract<EmailMessageInput, { kind: K }>>;
}>;

/** A mapped type, so adding a variant to EmailMessageInput without a template fails to compile. */
export const EMAIL_TEMPLATES: { readonly [K in EmailKind]: Entry<K> } = {
  renewal_reminder: { category: 'reminder', render: renderRenewalReminder },
  subscription_expired: { category: 'transactional', render: renderSubscriptionExpired },
  subscription_disabled: { category: 'transactional', render: renderSubscriptionDisabled },
  subscription_deletion_soon: { category: 'transactional', render: renderSubscriptionDeletionSoon },
  subscription_reactivated: { category: 'transactional', render: renderSubscriptionReactivated },
  subscription_cancelled: { category: 'transactional', render: renderSubscriptionCancelled },
  redemption_confirmed: { category: 'transactional', render: renderRedemptionConfirmed },
  payment_completed: { category: 'transactional', render: renderPaymentCompleted },
  invoice_issued: { category: 'transactional', render: renderInvoiceIssued },
  delegated_admin_offer: { category: 'transactional', render: renderDelegatedAdminOffer },
  delegated_admin_accepted: { category: 'transactional', render: renderDelegatedAdminAccepted },
  delegated_admin_expiring: { category: 'transactional', render: renderDelegatedAdminExpiring },
  delegated_admin_ended: { category: 'transactional', render: renderDelegatedAdminEnded },
};

export const EMAIL_KINDS = Object.keys(EMAIL_TEMPLATES) as readonly EmailKind[];

export function emailCategory(kind: EmailKind): EmailCategory {
  return EMAIL_TEMPLATES[kind].category;
}

/** The footer line that says why a transactional mail cannot be switched off. */
function transactionalNote(language: EmailLanguage): string {
  return language === 'ja'
    ? '本メールは、サービスのご利用に関する重要なお知らせのため、メールの配信設定にかかわらずお送りしています。'
    : 'This is a service message about your account. It is sent regardless of your email preferences.';
}

function unsubscribe(url: string, language: EmailLanguage): NonNullable<EmailDocument['unsubscribe']> {
  return language === 'ja'
    ? {
        text: '更新のお知らせメールが不要な場合は、配信設定から停止できます（ご契約に関する重要なお知らせは、停止後もお送りします）。',
        linkLabel: '配信設定を変更する',
        url,
      }
    : {
        text: 'To stop renewal reminders, change your email preferences (service messages about your subscriptions are still sent).',
        linkLabel: 'Email preferences',
        url,
      };
}

/**
 * Renders `input` in the recipient's `language`. Throws RangeError on input that would make a
 * false or unsafe mail (bad date, unknown zone or currency, non-http link, contradictory
 * dates): better a failed delivery in the outbox than a wrong date in a customer's inbox.
 */
export function renderEmail(input: EmailMessageInput, language: EmailLanguage): RenderedEmail {
  assertTimeZone(input.timeZone);
  const entry = EMAIL_TEMPLATES[input.kind];
  // TypeScript cannot correlate `entry` with the narrowed `input` (the registry's mapped type
  // guarantees they match), hence the widening.
  const output = (entry.render as Template<EmailMessageInput>)(input, language);
  const reminder = entry.category === 'reminder';
  if (reminder && output.preferencesUrl === undefined) {
    throw new Error(`reminder template ${input.kind} must give a preferences link`);
  }
  const doc: EmailDocument = {
    // A subject is a single header line: no CR/LF from any value may split it.
    subject: oneLine(output.subject),
    greeting: greeting(input, language),
    // The customary opening of Japanese business mail; English goes straight to the point.
    blocks: language === 'ja' ? [paragraph('いつもご利用いただき、誠にありがとうございます。'), ...output.blocks] : output.blocks,
    footer: [timeZoneNote(input, language), ...(reminder ? [] : [transactionalNote(language)])],
    unsubscribe: reminder && output.preferencesUrl !== undefined ? unsubscribe(output.preferencesUrl, language) : undefined,
    category: entry.category,
  };
  return {
    subject: doc.subject,
    text: renderText(doc, language),
    html: renderHtml(doc, language),
    category: doc.category,
  };
}
