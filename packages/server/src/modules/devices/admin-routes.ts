// An organization's devices, for its administrators: which devices use its licenses, and
// deactivating one (a lost laptop, a user who left) to free its slot.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { deactivateDevice } from './activation.ts';
import { AdminDeviceSchema, DeviceListQuery, DeviceParams } from './schemas.ts';
import { getDevice, listDevices } from './store.ts';

const READERS = ['global_admin', 'license_admin', 'user_admin'] as const;
const DEACTIVATORS = ['global_admin', 'license_admin'] as const;

type ListedDevice = Awaited<ReturnType<typeof listDevices>>[number];

function toAdminDevice(row: ListedDevice) {
  return {
    id: row.id,
    name: row.name,
    fingerprint: row.fingerprint,
    activatedAt: row.activated_at,
    lastCheckInAt: row.last_check_in_at,
    active: row.deactivated_at === null,
    deactivatedAt: row.deactivated_at,
    deactivatedBy: row.deactivated_by as 'device' | 'admin' | 'replaced' | null,
    replacedByDeviceId: row.replaced_by_device_id,
    license: {
      id: row.license_id,
      kind: row.license_kind as 'key' | 'seat',
      planId: row.license_plan_id,
      userId: row.license_user_id,
      productKeyId: row.license_product_key_id,
    },
  };
}

export async function deviceAdminRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;

  app.get('/v1/organizations/:organizationId/devices', {
    schema: {
      tags: ['devices'],
      summary: "The organization's devices (filter by license, active or not), oldest first",
      params: Type.Pick(DeviceParams, ['organizationId']),
      querystring: DeviceListQuery,
      response: { 200: Page(AdminDeviceSchema) },
    },
    config: { access: access.organization(READERS, { vendorRoles: ['vendor_admin', 'support_agent'] }) },
  }, async (request) => {
    const page = pageRequest(request.query);
    const rows = await listDevices(database.db, request.params.organizationId, {
      licenseId: request.query.licenseId,
      active: request.query.active,
      after: page.after,
      limit: page.limit,
    });
    const result = toPage(rows, page, (row) => row.id);
    return { data: result.data.map(toAdminDevice), nextCursor: result.nextCursor };
  });

  app.delete('/v1/organizations/:organizationId/devices/:deviceId', {
    schema: {
      tags: ['devices'],
      summary: 'Deactivate a device and free its slot (deactivating again changes nothing)',
      params: DeviceParams,
      response: { 204: Type.Null() },
    },
    config: { access: access.organization(DEACTIVATORS, { vendorRoles: ['vendor_admin'] }) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const device = await getDevice(tx, request.params.organizationId, request.params.deviceId);
      if (!device) throw new DomainError('NOT_FOUND', { resource: 'device' });
      await deactivateDevice({ tx, dialect: database.dialect, audit: auditContextOf(request) }, device, 'admin');
      return { status: 204, body: null };
    }),
  );
}
