// Every message of the portal, by page, in Japanese and English.
import { accountMessages } from '../../pages/account/messages.ts';
import { activityMessages } from '../../pages/activity/messages.ts';
import { apiTokenMessages } from '../../pages/api-tokens/messages.ts';
import { webhookMessages } from '../../pages/webhooks/messages.ts';
import { billingMessages } from '../../pages/billing/messages.ts';
import { redeemMessages } from '../../pages/customer/redeem/messages.ts';
import { customerMessages } from '../../pages/customer/messages.ts';
import { subscriptionMessages } from '../../pages/customer/subscription/messages.ts';
import { delegationMessages } from '../../pages/partners/messages.ts';
import { supportMessages } from '../../pages/support/messages.ts';
import { vendorMessages } from '../../pages/vendor/messages.ts';
import { common } from './common.ts';

const PARTS = [common, redeemMessages, customerMessages, subscriptionMessages, billingMessages, delegationMessages, supportMessages, accountMessages, activityMessages, apiTokenMessages, webhookMessages, vendorMessages] as const;

type Merged = (typeof PARTS)[number]['en'];
export type MessageKey = Merged extends infer U ? (U extends unknown ? keyof U : never) : never;

export const CATALOG = {
  en: Object.assign({}, ...PARTS.map((part) => part.en)) as Record<MessageKey, string>,
  ja: Object.assign({}, ...PARTS.map((part) => part.ja)) as Record<MessageKey, string>,
};
