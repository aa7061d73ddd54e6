// Who may do what with orders, payments and invoices. Money is the business of an
// organization's global and billing admins (SPEC §3 names them for redemptions too); other
// members see subscriptions, not what was paid. Vendor administrators place orders on a
// customer's behalf (a phone or paper order) and reconcile payments; support agents read.
import { access } from '../../auth/access.ts';
import type { Role } from '../../auth/roles.ts';

const BILLING_ROLES: readonly Role[] = ['global_admin', 'billing_admin'];

export const orderReadAccess = () => access.organization(BILLING_ROLES, { vendorRoles: ['vendor_admin', 'support_agent'] });
export const orderPlaceAccess = () => access.organization(BILLING_ROLES, { vendorRoles: ['vendor_admin'] });
/** Paying by card is the customer's own act: vendor staff never enter a customer's card. */
export const cardPaymentAccess = () => access.organization(BILLING_ROLES);
/** Money the vendor moves by hand (a bank refund) is recorded by its administrators only. */
export const refundRecordAccess = () => access.organization([], { vendorRoles: ['vendor_admin'] });
export const staffReadAccess = () => access.vendor('vendor_admin', 'support_agent');
export const staffWriteAccess = () => access.vendor('vendor_admin');
