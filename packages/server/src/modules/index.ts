// Every module's routes, registered in one place. A new module adds one line here; the
// OpenAPI document and the permission matrix pick its routes up from the route table.
import type { FastifyInstance } from 'fastify';
import { apiTokenRoutes } from './api-tokens/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { billingRoutes } from './billing/routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { countryRoutes } from './countries/routes.ts';
import { deviceAdminRoutes } from './devices/admin-routes.ts';
import { delegationRoutes } from './delegations/routes.ts';
import { deviceRoutes } from './devices/routes.ts';
import { digitalLicenseRoutes } from './digital-licenses/routes.ts';
import { hardwareRegistryRoutes } from './hardware-registry/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { keyRoutes } from './keys/routes.ts';
import { managedDeviceRoutes } from './managed-devices/routes.ts';
import { licenseKeyRoutes } from './licenses/routes.ts';
import { memberRoutes } from './members/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { organizationRoutes } from './organizations/routes.ts';
import { partnerRoutes } from './partners/routes.ts';
import { portalRoutes } from './portal/routes.ts';
import { redemptionRoutes } from './redemption/routes.ts';
import { seatRoutes } from './seats/routes.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { simulationRoutes } from './simulation/routes.ts';
import { subscriptionRoutes } from './subscriptions/routes.ts';
import { supportDeskRoutes } from './support/desk-routes.ts';
import { supportRoutes } from './support/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';

export async function registerModules(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(countryRoutes);
  await app.register(sessionRoutes);
  await app.register(organizationRoutes);
  await app.register(memberRoutes);
  await app.register(apiTokenRoutes);
  await app.register(auditRoutes);
  await app.register(catalogRoutes);
  await app.register(keyRoutes);
  await app.register(redemptionRoutes);
  await app.register(seatRoutes);
  await app.register(licenseKeyRoutes);
  await app.register(deviceRoutes);
  await app.register(deviceAdminRoutes);
  await app.register(subscriptionRoutes);
  await app.register(notificationRoutes);
  await app.register(webhookRoutes);
  await app.register(simulationRoutes);
  await app.register(partnerRoutes);
  await app.register(delegationRoutes);
  await app.register(billingRoutes);
  // Repairs and the support desk (SPEC §6, second half)
  await app.register(digitalLicenseRoutes);
  await app.register(supportRoutes);
  await app.register(supportDeskRoutes);
  await app.register(hardwareRegistryRoutes);
  await app.register(managedDeviceRoutes);
  // Its catch-all page route loses to every more specific route, wherever that is registered.
  await app.register(portalRoutes);
}
