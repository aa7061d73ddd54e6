// Test support only: units in a registry and OEM repair reports, made through the services.
import { randomBytes } from 'node:crypto';
import type { FixtureContext } from '../../../test/support/app.ts';
import { createOrg } from '../../../test/support/fixtures.ts';
import { toStoredInstant } from '../../clock.ts';
import { inTransaction } from '../../db/transaction.ts';
import { newId } from '../../ids.ts';
import { markOemPartner } from '../support/testing.ts';
import { issueRepairReport } from './repair-reports.ts';

const SYSTEM = { kind: 'anonymous' as const };

/** A unit in `ownerOrganizationId`'s registry, with a fresh serial number (and the key preinstalled on it, if given). */
export async function createTestProduct(t: FixtureContext, ownerOrganizationId: string, options: { productKeyId?: string; model?: string } = {}) {
  const serialNumber = `SN${randomBytes(5).toString('hex').toUpperCase()}`;
  const at = toStoredInstant(t.clock.now());
  const id = newId('hwp', t.clock.now());
  await t.ctx.database.db
    .insertInto('hardware_products')
    .values({
      organization_id: ownerOrganizationId,
      id,
      serial_number: serialNumber,
      product_number: 'LX900#ABJ',
      imei: null,
      model: options.model ?? 'LX-900',
      purchase_date: '2026-04-01',
      seller: null,
      product_key_id: options.productKeyId ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, serialNumber };
}

/** An OEM's repair report for a unit of its registry; a partner organization is made an OEM (a fresh one when none is given). */
export async function createTestRepairReport(t: FixtureContext, oemOrganizationId?: string): Promise<string> {
  const oem = oemOrganizationId ?? (await createOrg(t, { kind: 'partner', name: 'OEM Manufacturing' })).id;
  await markOemPartner(t, oem);
  const product = await createTestProduct(t, oem);
  const { row } = await inTransaction(t.ctx.database.db, (tx) =>
    issueRepairReport(tx, { principal: SYSTEM, now: t.clock.now() }, oem, { identifier: product.serialNumber, repair: 'motherboard_replacement', repairedOn: '2026-11-20', replacedParts: ['motherboard'], technician: 'Bench 3' }),
  );
  return row.id;
}
