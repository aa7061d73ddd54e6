// Creating and changing organizations: the rules (countries, time zones, segments) live here.
import { defaultTimeZone, isSupportedCountry, normalizeCountryCode } from '@licentia/core/countries';
import type { OrganizationKind } from '../../auth/roles.ts';
import { toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { createPartnerRecord } from '../partners/service.ts';
import type { Organization, Segment } from './schemas.ts';
import { getOrganization, insertOrganization, type OrganizationRow } from './store.ts';

export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    kind: row.kind as Organization['kind'],
    name: row.name,
    country: row.country,
    timeZone: row.time_zone,
    segment: row.segment as Segment,
    createdAt: row.created_at,
  };
}

export function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface NewOrganization {
  kind: OrganizationKind;
  name: string;
  country: string;
  segment?: Segment | undefined;
  timeZone?: string | undefined;
}

export async function createOrganization(tx: Tx, audit: AuditContext, input: NewOrganization): Promise<OrganizationRow> {
  const country = normalizeCountryCode(input.country);
  if (!isSupportedCountry(country)) throw new DomainError('COUNTRY_NOT_SUPPORTED', { country: input.country });
  const segment = input.segment ?? 'commercial';
  // A personal account is one person; a partner or the vendor is always a business.
  if (input.kind !== 'customer' && segment !== 'commercial') {
    throw new DomainError('SEGMENT_NOT_ALLOWED', { kind: input.kind, segment });
  }
  const timeZone = input.timeZone ?? defaultTimeZone(country);
  if (!timeZone || !validTimeZone(timeZone)) {
    throw new DomainError('VALIDATION_FAILED', { summary: `timeZone "${input.timeZone}" is not an IANA time zone` });
  }
  const now = toStoredInstant(audit.now);
  const row: OrganizationRow = {
    id: newId('org', audit.now),
    kind: input.kind,
    name: input.name.trim(),
    country,
    time_zone: timeZone,
    segment,
    created_at: now,
    updated_at: now,
  };
  await insertOrganization(tx, row);
  await recordAudit(tx, audit, {
    organizationId: row.id,
    action: 'organization.created',
    target: { type: 'organization', id: row.id },
    data: { kind: row.kind, name: row.name, country, segment, timeZone },
  });
  // Every partner has its partner ID from the start (SPEC §7).
  if (row.kind === 'partner') await createPartnerRecord(tx, audit, row);
  return row;
}

export async function updateOrganization(
  tx: Tx,
  audit: AuditContext,
  id: string,
  changes: { name?: string | undefined; timeZone?: string | undefined },
): Promise<OrganizationRow> {
  const current = await getOrganization(tx, id);
  if (!current) throw new DomainError('NOT_FOUND', { resource: 'organization' });
  if (changes.timeZone !== undefined && !validTimeZone(changes.timeZone)) {
    throw new DomainError('VALIDATION_FAILED', { summary: `timeZone "${changes.timeZone}" is not an IANA time zone` });
  }
  const updated: OrganizationRow = {
    ...current,
    name: changes.name?.trim() ?? current.name,
    time_zone: changes.timeZone ?? current.time_zone,
    updated_at: toStoredInstant(audit.now),
  };
  await tx.updateTable('organizations').set({ name: updated.name, time_zone: updated.time_zone, updated_at: updated.updated_at }).where('id', '=', id).execute();
  await recordAudit(tx, audit, {
    organizationId: id,
    action: 'organization.updated',
    target: { type: 'organization', id },
    data: { before: { name: current.name, timeZone: current.time_zone }, after: { name: updated.name, timeZone: updated.time_zone } },
  });
  return updated;
}
