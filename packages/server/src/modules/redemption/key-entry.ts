// Checking one key typed into a cart. Outcomes are data, not exceptions, checked in a fixed
// order (docs/decisions.md): malformed or unknown → already in this cart → revoked → already
// used → past its redeem-by date. A revoked key says "revoked" even if it also expired: that is
// the reason it can never work. A used key says so (and whether by the caller's organization)
// rather than "expired", which would send the user to support for nothing.
import type { KeyObject } from 'node:crypto';
import { parseKey } from '@licentia/core/keys';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import type { ErrorCode } from '../../errors/catalog.ts';
import type { ErrorDetails } from '../../errors/domain-error.ts';
import { keyInvalidDetails } from '../keys/key-invalid.ts';
import { hashProductKey } from '../keys/material.ts';
import { findKeyByHash, type RedeemableKey } from './store.ts';

export type KeyEntryResult = { ok: true; key: RedeemableKey } | { ok: false; code: ErrorCode; details: ErrorDetails };

export interface KeyEntryContext {
  hmacKey: KeyObject;
  keyIdsInCart: ReadonlySet<string>;
  /** Organizations the caller belongs to: "used by your organization" when it is one of them. */
  callerOrganizationIds: ReadonlySet<string>;
  now: Temporal.Instant;
}

export async function checkKeyEntry(tx: Tx, input: string, context: KeyEntryContext): Promise<KeyEntryResult> {
  const parsed = parseKey(input);
  if (!parsed.ok) return { ok: false, code: 'KEY_INVALID', details: keyInvalidDetails(parsed) };
  const key = await findKeyByHash(tx, hashProductKey(context.hmacKey, parsed.key));
  if (!key) return { ok: false, code: 'KEY_INVALID', details: keyInvalidDetails({ code: 'UNKNOWN' }) };
  if (context.keyIdsInCart.has(key.id)) return { ok: false, code: 'KEY_ALREADY_ENTERED', details: { last5: key.last5 } };
  if (key.state === 'revoked' || key.batchRevoked) return { ok: false, code: 'KEY_REVOKED', details: { last5: key.last5 } };
  if (key.state === 'redeemed') {
    const usedByThisOrganization = key.redeemedOrganizationId !== null && context.callerOrganizationIds.has(key.redeemedOrganizationId);
    return { ok: false, code: 'KEY_ALREADY_USED', details: { last5: key.last5, usedByThisOrganization } };
  }
  if (key.redeemableUntil <= toStoredInstant(context.now)) {
    return { ok: false, code: 'KEY_EXPIRED', details: { last5: key.last5, redeemBy: key.redeemBy } };
  }
  return { ok: true, key };
}
