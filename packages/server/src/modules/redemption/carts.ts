// Redemption carts: a user's list of keys on their way to being redeemed. A cart lives 24 hours
// (SPEC §3) and can be resumed until then; abandoning it consumes nothing.
import type { Temporal } from 'temporal-polyfill';
import type { Selectable } from 'kysely';
import { toStoredInstant } from '../../clock.ts';
import type { RedemptionCartsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';

export type CartRow = Selectable<RedemptionCartsTable>;
export const CART_LIFETIME_HOURS = 24;

export async function createCart(tx: Tx, ownerUserId: string, now: Temporal.Instant): Promise<CartRow> {
  const row: CartRow = {
    id: newId('crt', now),
    owner_user_id: ownerUserId,
    state: 'open',
    created_at: toStoredInstant(now),
    expires_at: toStoredInstant(now.add({ hours: CART_LIFETIME_HOURS })),
    completed_at: null,
    organization_id: null,
  };
  await tx.insertInto('redemption_carts').values(row).execute();
  return row;
}

/** The caller's own cart; anyone else's is not found. */
export async function getOwnCart(db: Kysely<DB> | Tx, cartId: string, ownerUserId: string): Promise<CartRow> {
  const row = await db.selectFrom('redemption_carts').selectAll().where('id', '=', cartId).where('owner_user_id', '=', ownerUserId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'redemption cart' });
  return row;
}

export function cartState(cart: CartRow, now: Temporal.Instant): 'open' | 'completed' | 'expired' {
  if (cart.state === 'completed') return 'completed';
  return cart.expires_at <= toStoredInstant(now) ? 'expired' : 'open';
}

export function requireOpen(cart: CartRow, now: Temporal.Instant): void {
  const state = cartState(cart, now);
  if (state !== 'open') throw new DomainError('CART_CLOSED', { state });
}
