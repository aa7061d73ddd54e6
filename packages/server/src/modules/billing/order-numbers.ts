// The sequence of order numbers (SPEC §8 `AB-20261121093015-000000123`): one counter for all
// orders, not one per second. An upsert advances it and returns the new value in one
// statement; the row stays locked until the order's transaction ends, so on PostgreSQL orders
// take their numbers one at a time and a rolled-back order gives its number back (SQLite's single
// writer does the same). Unique by construction, and the unique index on orders.number backs it.
// The cost is that order transactions queue on this row: they are short (no provider call
// inside), and orders come at a human pace. 999,999,999 numbers last any vendor for ever; the
// CHECK on the row refuses the one after.
import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatOrderNumber } from '@licentia/core/billing';
import type { Tx } from '../../db/transaction.ts';
import type { Principal } from '../../auth/principal.ts';

/** Who placed an order, as its two-letter channel. */
export type OrderChannel = 'WB' | 'AP' | 'ST' | 'AR';

export function channelOf(principal: Principal, organizationId: string): OrderChannel {
  if (principal.kind === 'anonymous') return 'AR';
  if (principal.kind === 'token') return principal.organizationId === organizationId ? 'AP' : 'ST';
  return principal.roles.has(organizationId) ? 'WB' : 'ST';
}

export async function nextOrderNumber(tx: Tx, channel: OrderChannel, now: Temporal.Instant): Promise<string> {
  const row = await tx
    .insertInto('order_number_sequence')
    .values({ id: 1, last_value: 1 })
    .onConflict((oc) => oc.column('id').doUpdateSet({ last_value: sql`order_number_sequence.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return formatOrderNumber(channel, now, Number(row.last_value));
}
