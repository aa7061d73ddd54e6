// API tokens for integrations: scoped to one organization and a set of roles no wider than
// their creator's there, stored only as a hash, shown once, revocable, optionally expiring.
import { Temporal } from 'temporal-polyfill';
import { API_TOKEN_PREFIX } from '../../auth/authenticate.ts';
import { ROLES_BY_KIND, type OrganizationKind, type Role } from '../../auth/roles.ts';
import { toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import type { ApiTokensTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { hashToken, newSecretToken } from '../../security/tokens.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { getOrganization } from '../organizations/store.ts';

export type ApiTokenRow = Selectable<ApiTokensTable>;
/** Enough of the token to recognise it in a list, far too little to use it. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;

export interface NewApiToken {
  name: string;
  roles: Role[];
  expiresAt?: string | undefined;
  /** Or a lifetime counted by the server's clock (a portal must not count on the browser's). */
  expiresInDays?: number | undefined;
}

export async function createApiToken(
  tx: Tx,
  audit: AuditContext,
  organizationId: string,
  creator: { userId: string | null; roles: ReadonlySet<Role> },
  input: NewApiToken,
): Promise<{ row: ApiTokenRow; token: string }> {
  const organization = await getOrganization(tx, organizationId);
  if (!organization) throw new DomainError('NOT_FOUND', { resource: 'organization' });
  const kind = organization.kind as OrganizationKind;
  for (const role of input.roles) {
    if (!ROLES_BY_KIND[kind].includes(role)) throw new DomainError('ROLE_NOT_FOR_ORGANIZATION', { role, kind });
  }
  const excess = input.roles.filter((role) => !creator.roles.has(role));
  if (excess.length > 0) throw new DomainError('TOKEN_ROLES_EXCEED_CALLER', { roles: excess });
  if (input.expiresAt !== undefined && input.expiresInDays !== undefined) {
    throw new DomainError('VALIDATION_FAILED', { summary: 'give expiresAt or expiresInDays, not both' });
  }
  if (input.expiresAt !== undefined && Temporal.Instant.compare(Temporal.Instant.from(input.expiresAt), audit.now) <= 0) {
    throw new DomainError('VALIDATION_FAILED', { summary: 'expiresAt must be in the future' });
  }
  const expiresAt =
    input.expiresAt !== undefined ? Temporal.Instant.from(input.expiresAt) : input.expiresInDays !== undefined ? audit.now.add({ hours: 24 * input.expiresInDays }) : undefined;
  const token = newSecretToken(API_TOKEN_PREFIX);
  const row: ApiTokenRow = {
    organization_id: organizationId,
    id: newId('tok', audit.now),
    name: input.name,
    token_hash: hashToken(token),
    display_prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
    roles: JSON.stringify([...new Set(input.roles)]),
    created_by_user_id: creator.userId,
    created_at: toStoredInstant(audit.now),
    expires_at: expiresAt === undefined ? null : toStoredInstant(expiresAt),
    revoked_at: null,
  };
  await tx.insertInto('api_tokens').values(row).execute();
  await recordAudit(tx, audit, {
    organizationId,
    action: 'api_token.created',
    target: { type: 'api_token', id: row.id },
    data: { name: row.name, roles: input.roles, expiresAt: row.expires_at },
  });
  return { row, token };
}

export async function revokeApiToken(tx: Tx, audit: AuditContext, organizationId: string, tokenId: string): Promise<ApiTokenRow> {
  const row = await tx.selectFrom('api_tokens').selectAll().where('organization_id', '=', organizationId).where('id', '=', tokenId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'API token' });
  if (row.revoked_at) return row;
  const revokedAt = toStoredInstant(audit.now);
  await tx.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('organization_id', '=', organizationId).where('id', '=', tokenId).execute();
  await recordAudit(tx, audit, { organizationId, action: 'api_token.revoked', target: { type: 'api_token', id: tokenId } });
  return { ...row, revoked_at: revokedAt };
}
