// Who may do what with subscriptions (ARCHITECTURE: permissions per module). Every customer role
// reads (the portal shows everyone their organization's subscriptions); global and billing
// admins change them (billing decisions: money, renewals, seats bought); vendor staff read
// them for the support desk.
import { access } from '../../auth/access.ts';
import type { Role } from '../../auth/roles.ts';

const READERS: readonly Role[] = ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'];
const MANAGERS: readonly Role[] = ['global_admin', 'billing_admin'];

export const readAccess = () => access.organization(READERS, { vendorRoles: ['vendor_admin', 'support_agent'] });
export const manageAccess = () => access.organization(MANAGERS);
