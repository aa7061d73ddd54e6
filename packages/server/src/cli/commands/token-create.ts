import { loadConfig } from '../../config.ts';
import { systemClock } from '../../clock.ts';
import { isRole, type Role } from '../../auth/roles.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { inTransaction } from '../../db/transaction.ts';
import { createApiToken } from '../../modules/api-tokens/service.ts';
import { findVendorOrganizationId } from '../../modules/organizations/store.ts';
import { openConfiguredDatabase } from '../../db/configured.ts';
import { UsageError, type Command } from '../command.ts';

export const tokenCreateCommand: Command = {
  name: 'token create',
  summary: 'Create an API token for an organization (an operator\'s tool: no caller roles apply)',
  usage:
    'licentia token create --roles <role,role> [--organization <id>] [--name <name>] [--expires-in-days <n>]\n\n' +
    'Without --organization, the token belongs to the vendor organization. The token is printed once.',
  options: {
    organization: { type: 'string' },
    roles: { type: 'string' },
    name: { type: 'string' },
    'expires-in-days': { type: 'string' },
  },
  async run({ values }) {
    const roles = String(values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    if (roles.length === 0) throw new UsageError('--roles is required, e.g. --roles vendor_admin');
    const unknown = roles.filter((r) => !isRole(r));
    if (unknown.length) throw new UsageError(`unknown roles: ${unknown.join(', ')}`);
    const days = values['expires-in-days'] === undefined ? undefined : Number(values['expires-in-days']);
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new UsageError('--expires-in-days must be a positive integer');
    const database = openConfiguredDatabase(loadConfig());
    try {
      await migrateToLatest(database);
      const now = systemClock.now();
      const result = await inTransaction(database.db, async (tx) => {
        const organizationId = typeof values.organization === 'string' ? values.organization : await findVendorOrganizationId(tx);
        if (!organizationId) throw new UsageError('no vendor organization yet: run `licentia serve` once, or pass --organization');
        return createApiToken(
          tx,
          { principal: { kind: 'anonymous' }, now },
          organizationId,
          // The operator has the machine: the token may carry any role of the organization.
          { userId: null, roles: new Set(roles as Role[]) },
          {
            name: typeof values.name === 'string' ? values.name : 'CLI token',
            roles: roles as Role[],
            expiresAt: days === undefined ? undefined : now.add({ hours: 24 * days }).toString(),
          },
        );
      });
      console.log(`token ${result.row.id} for ${result.row.organization_id} (${roles.join(', ')})`);
      console.log(result.token);
      return 0;
    } finally {
      await database.close();
    }
  },
};
