// Where a mail sends its reader. One place, so the portal can move its pages without a hunt
// through the mail code; every link is absolute (mail clients have no base URL).
export interface Links {
  organization(organizationId: string): string;
  subscription(organizationId: string, subscriptionId: string): string;
  /** The reader's own notification settings (the unsubscribe link of reminders). */
  preferences(): string;
  /** A delegated administration relationship, seen from one of its two organizations. */
  delegation(organizationId: string, delegationId: string): string;
  /** Where a customer's global admin accepts an offer (the portal page posting the token). */
  delegationAcceptance(organizationId: string, delegationId: string, token: string): string;
  /** An order's page in the portal (billing). */
  order(organizationId: string, orderId: string): string;
  /** An invoice's page in the portal, where its PDF is downloaded (behind sign-in). */
  invoice(organizationId: string, invoiceId: string): string;
}

export function linksFor(publicUrl: string): Links {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    organization: (organizationId) => `${base}/organizations/${encodeURIComponent(organizationId)}`,
    subscription: (organizationId, subscriptionId) =>
      `${base}/organizations/${encodeURIComponent(organizationId)}/subscriptions/${encodeURIComponent(subscriptionId)}`,
    preferences: () => `${base}/settings/notifications`,
    delegation: (organizationId, delegationId) => `${base}/organizations/${encodeURIComponent(organizationId)}/delegations/${encodeURIComponent(delegationId)}`,
    delegationAcceptance: (organizationId, delegationId, token) =>
      `${base}/organizations/${encodeURIComponent(organizationId)}/delegations/${encodeURIComponent(delegationId)}/accept?token=${encodeURIComponent(token)}`,
    order: (organizationId, orderId) => `${base}/organizations/${encodeURIComponent(organizationId)}/orders/${encodeURIComponent(orderId)}`,
    invoice: (organizationId, invoiceId) => `${base}/organizations/${encodeURIComponent(organizationId)}/invoices/${encodeURIComponent(invoiceId)}`,
  };
}
