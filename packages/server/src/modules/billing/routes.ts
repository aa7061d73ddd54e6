// Every billing route, registered as one module.
import type { FastifyInstance } from 'fastify';
import { invoiceRoutes } from './invoice-routes.ts';
import { orderRoutes } from './order-routes.ts';
import { staffRoutes } from './staff-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';

export async function billingRoutes(app: FastifyInstance): Promise<void> {
  await app.register(orderRoutes);
  await app.register(invoiceRoutes);
  await app.register(staffRoutes);
  await app.register(webhookRoutes);
}
