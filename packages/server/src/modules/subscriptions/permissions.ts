// Who may do what with subscriptions (ARCHITECTURE: permissions per module). Every customer role
// reads (the portal shows everyone their organization's subscriptions); global and billing
// admins change them (billing decisions: auto-renew, cancellations and their refunds); vendor
// staff read them for the support desk.
//
// What costs money is bought through an order and paid (billing, SPEC §8). The older routes that
// apply a seat addition, a coterminous purchase or a switch to direct billing at once, with no
// payment, are grants of vendor administrators: for a deal invoiced outside Licentia. Their
// quotes stay open to the customer's admins, whose portal shows the prices from them.
import { access } from '../../auth/access.ts';
import type { Role } from '../../auth/roles.ts';

const READERS: readonly Role[] = ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'];
const MANAGERS: readonly Role[] = ['global_admin', 'billing_admin'];

export const readAccess = () => access.organization(READERS, { vendorRoles: ['vendor_admin', 'support_agent'] });
export const manageAccess = () => access.organization(MANAGERS);
/** A price or a preview, which changes nothing: the customer's admins, and the vendor staff who grant. */
export const quoteAccess = () => access.organization(MANAGERS, { vendorRoles: ['vendor_admin'] });
/** Applies without a payment: for a deal invoiced outside Licentia; customers buy the same through an order. */
export const vendorGrantAccess = () => access.organization([], { vendorRoles: ['vendor_admin'] });

/** The OpenAPI description of a grant route, naming the order line a customer buys the same with. */
export function grantDescription(orderLine: string): string {
  return (
    'Vendor administrators only. Applies without a payment: for a deal invoiced outside Licentia. ' +
    `Customers buy the same through an order: POST /v1/organizations/{organizationId}/orders with the line ${orderLine}, paid by card or bank transfer.`
  );
}
