// Public entry for the notification email templates: pure rendering (ja/en, text + HTML) of
// every notification kind. Delivery (SMTP, outbox, preferences) lives elsewhere.
export { EMAIL_KINDS, EMAIL_TEMPLATES, emailCategory, renderEmail } from './registry.ts';
export { escapeHtml, formatDate, formatDateInZone, formatMoney } from './format.ts';
export type * from './types.ts';
