// The audit log: who, on behalf of whom, did what, when. Written with the same transaction
// handle as the change it records, so there is never a change without its row or a row without
// its change. The database refuses UPDATE and DELETE on it (see the foundation migration).
import type { Insertable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import { insertInChunks } from '../../db/insert-in-chunks.ts';
import type { AuditEventsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { newId } from '../../ids.ts';
import { auditActor, type Principal } from '../../auth/principal.ts';

export interface AuditEntry {
  /** The organization the change concerns (the tenant whose log shows it). */
  organizationId: string;
  action: string;
  target: { type: string; id: string };
  data?: Record<string, unknown>;
}

export interface AuditContext {
  principal: Principal;
  /** The organization the actor acts from (a partner, the vendor), when not the target's. */
  actorOrganizationId?: string | undefined;
  /**
   * A partner acting for its customers without delegated roles: redeeming on a customer's behalf,
   * renewing as partner of record. Rows of any organization but the partner's own then read
   * "partner P on behalf of customer C". (Delegated roles say so through the principal.)
   */
  partner?: { organizationId: string } | undefined;
  requestId?: string | undefined;
  now: Temporal.Instant;
}

/** Who acted from where, as the audit row records it (SPEC §10: "who, on behalf of whom"). */
function actingFrom(context: AuditContext, organizationId: string) {
  const delegation = context.principal.kind === 'anonymous' ? undefined : context.principal.delegation;
  if (delegation?.customerOrganizationId === organizationId) {
    return { actor: delegation.partnerOrganizationId, onBehalfOf: organizationId, delegationId: delegation.delegationId };
  }
  if (context.partner && context.partner.organizationId !== organizationId) {
    return { actor: context.partner.organizationId, onBehalfOf: organizationId, delegationId: null };
  }
  return { actor: context.actorOrganizationId ?? null, onBehalfOf: null, delegationId: null };
}

/**
 * The row `recordAudit` writes, its id drawn now: a caller writing several rows of one change
 * makes them in order and writes them with `recordAudits`, one statement for all.
 */
export function auditRow(context: AuditContext, entry: AuditEntry): Insertable<AuditEventsTable> {
  const actor = auditActor(context.principal);
  const from = actingFrom(context, entry.organizationId);
  return {
    organization_id: entry.organizationId,
    id: newId('aud', context.now),
    occurred_at: toStoredInstant(context.now),
    action: entry.action,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_organization_id: from.actor,
    on_behalf_of_organization_id: from.onBehalfOf,
    delegation_id: from.delegationId,
    target_type: entry.target.type,
    target_id: entry.target.id,
    data: JSON.stringify(entry.data ?? {}),
    request_id: context.requestId ?? null,
  };
}

export async function recordAudit(tx: Tx, context: AuditContext, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, [auditRow(context, entry)]);
}

/** Rows made by `auditRow`, in their order, 1,000 an INSERT (13 columns a row). */
export async function recordAudits(tx: Tx, rows: readonly Insertable<AuditEventsTable>[]): Promise<void> {
  await insertInChunks(tx, 'audit_events', rows, 1_000);
}

/** The audit context of an HTTP request: its caller, its id, and the instant it arrived. */
export function auditContextOf(request: { principal: Principal; id: string; now: Temporal.Instant }): AuditContext {
  return { principal: request.principal, requestId: request.id, now: request.now };
}
