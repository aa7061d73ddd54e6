// Managed devices (SPEC §6): what the organization says about each device (the attributes the
// spec names), whether that makes it managed (core's `decideManaged`), and the compliance report
// counting managed devices against per-device licenses, as JSON and as CSV.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { complianceLines, decideManaged, MANAGED_REASONS, MANAGEMENT_EXCEPTIONS, VIRTUAL_DESKTOP_ACCESS, type ComplianceLine } from '@licentia/core/managed-devices';
import { access } from '../../auth/access.ts';
import { toStoredInstant } from '../../clock.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { Instant, OneOf, StrictObject } from '../../http/schemas.ts';
import { auditContextOf, recordAudit } from '../audit/audit-log.ts';
import { getDevice } from '../devices/store.ts';
import { csvField } from '../keys/csv.ts';
import { activeDevicesByProduct, attributesOf, getManagement, perDeviceLicenses, saveManagement } from './store.ts';

const TAGS = ['devices'];
const READERS = ['global_admin', 'license_admin'] as const;
const STAFF = { vendorRoles: ['support_agent'] as const };

const Attributes = StrictObject({
  domainJoined: Type.Boolean(),
  requiresAuthentication: Type.Boolean({ description: 'Authentication is required to use the apps on it' }),
  enforcedAgent: Type.Boolean({ description: 'It runs a management agent the organization enforces' }),
  groupPolicyEnforced: Type.Boolean(),
  configuredByOrganization: Type.Boolean({ description: 'The organization configured it, or instructs how it must be configured' }),
  virtualDesktopAccess: OneOf(VIRTUAL_DESKTOP_ACCESS),
  portableWorkspaceOnThirdPartyDevice: Type.Boolean({ description: 'It runs a portable workspace on a qualifying third-party device' }),
});
const Params = StrictObject({ organizationId: Type.String({ maxLength: 64 }), deviceId: Type.String({ maxLength: 64 }) });
const ManagementSchema = Type.Object({
  deviceId: Type.String(),
  attributes: Type.Union([Attributes, Type.Null()], { description: 'null: not assessed yet' }),
  managed: Type.Union([Type.Boolean(), Type.Null()]),
  reasons: Type.Array(OneOf(MANAGED_REASONS)),
  exception: Type.Union([OneOf(MANAGEMENT_EXCEPTIONS), Type.Null()]),
  updatedAt: Type.Union([Instant, Type.Null()]),
});
const LineSchema = Type.Object({
  productId: Type.String(),
  productName: Type.String(),
  devices: Type.Integer(),
  managed: Type.Integer(),
  notManaged: Type.Integer(),
  notAssessed: Type.Integer(),
  perDeviceLicenses: Type.Integer(),
  shortfall: Type.Integer(),
  compliant: Type.Boolean(),
});
const ReportSchema = Type.Object({ organizationId: Type.String(), generatedAt: Instant, compliant: Type.Boolean(), lines: Type.Array(LineSchema) });

const CSV_COLUMNS = ['product_id', 'product_name', 'devices', 'managed', 'not_managed', 'not_assessed', 'per_device_licenses', 'shortfall', 'compliant'] as const;

export async function managedDeviceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;
  const db = database.db;

  async function report(organizationId: string, now: Parameters<typeof perDeviceLicenses>[2], language: 'ja' | 'en') {
    const lines: ComplianceLine[] = complianceLines(await activeDevicesByProduct(db, organizationId), await perDeviceLicenses(db, organizationId, now));
    const names = lines.length === 0 ? [] : await db.selectFrom('products').select(['id', 'name_en', 'name_ja']).where('id', 'in', lines.map((l) => l.productId)).execute();
    const named = lines.map((line) => {
      const product = names.find((n) => n.id === line.productId);
      return { ...line, productName: product ? (language === 'ja' ? product.name_ja : product.name_en) : line.productId };
    });
    return { organizationId, generatedAt: toStoredInstant(now), compliant: named.every((l) => l.compliant), lines: named };
  }

  app.get('/v1/organizations/:organizationId/devices/:deviceId/management', {
    schema: { tags: TAGS, summary: 'What the organization recorded about a device, and whether that makes it managed', params: Params, response: { 200: ManagementSchema } },
    config: { access: access.organization(READERS, STAFF) },
  }, async (request) => {
    const { organizationId, deviceId } = request.params;
    if (!(await getDevice(db, organizationId, deviceId))) throw new DomainError('NOT_FOUND', { resource: 'device' });
    const row = await getManagement(db, organizationId, deviceId);
    if (!row) return { deviceId, attributes: null, managed: null, reasons: [], exception: null, updatedAt: null };
    const attributes = attributesOf(row);
    return { deviceId, attributes, ...decideManaged(attributes), updatedAt: row.updated_at };
  });

  app.put('/v1/organizations/:organizationId/devices/:deviceId/management', {
    schema: { tags: TAGS, summary: 'Record the management attributes of a device (SPEC §6); answers whether it is managed and why', params: Params, body: Attributes, response: { 200: ManagementSchema } },
    config: { access: access.organization(READERS, { vendorRoles: ['vendor_admin'] }) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { organizationId, deviceId } = request.params;
      if (!(await getDevice(tx, organizationId, deviceId))) throw new DomainError('NOT_FOUND', { resource: 'device' });
      await saveManagement(tx, organizationId, deviceId, request.body, request.now);
      const decision = decideManaged(request.body);
      await recordAudit(tx, auditContextOf(request), { organizationId, action: 'device.management_recorded', target: { type: 'device', id: deviceId }, data: { attributes: request.body, ...decision } });
      return { status: 200, body: { deviceId, attributes: request.body, ...decision, updatedAt: toStoredInstant(request.now) } };
    }),
  );

  app.get('/v1/organizations/:organizationId/compliance-report', {
    schema: { tags: TAGS, summary: 'Managed devices against per-device licenses, per product', params: Type.Pick(Params, ['organizationId']), response: { 200: ReportSchema } },
    config: { access: access.organization(READERS, STAFF) },
  }, async (request) => report(request.params.organizationId, request.now, request.language));

  app.get('/v1/organizations/:organizationId/compliance-report.csv', {
    schema: {
      tags: TAGS,
      summary: 'The compliance report as CSV',
      description: `Columns: ${CSV_COLUMNS.join(', ')} (UTF-8, header row, CRLF).`,
      params: Type.Pick(Params, ['organizationId']),
      response: { 200: { description: 'The CSV', content: { 'text/csv': { schema: Type.String() } } } },
    },
    config: { access: access.organization(READERS, STAFF) },
  }, async (request, reply) => {
    const { lines } = await report(request.params.organizationId, request.now, request.language);
    const rows = lines.map((l) => [l.productId, l.productName, l.devices, l.managed, l.notManaged, l.notAssessed, l.perDeviceLicenses, l.shortfall, l.compliant].map(csvField).join(','));
    const csv = `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
    return reply
      .headers({ 'content-disposition': `attachment; filename="compliance-${request.params.organizationId}.csv"`, 'cache-control': 'private, no-store' })
      .type('text/csv; charset=utf-8; header=present')
      .send(csv);
  });
}
