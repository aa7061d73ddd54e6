// `licentia keys batch create`: an operator's way to make a key batch, writing its CSV to a file
// (mode 0600) or to stdout. The CSV written here is the batch's one download: once it is out,
// the sealed copy is cleared, exactly as GET /v1/key-batches/{id}/keys.csv would.
import { existsSync, writeFileSync } from 'node:fs';
import { systemClock } from '../../clock.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import { productKeyHmacKey } from '../../modules/keys/material.ts';
import { KEY_KINDS, MAX_BATCH_QUANTITY, type KeyKind } from '../../modules/keys/schemas.ts';
import { createKeyBatch, prepareKeyMaterial, readKeyBatchCsv, takeKeyBatchCsv } from '../../modules/keys/service.ts';
import { UsageError, type Command } from '../command.ts';
import { withKeyDatabase } from './keys-common.ts';

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

function wholeNumber(values: Record<string, string | boolean | undefined>, name: string, min: number, max: number): number {
  const text = required(values, name);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en')}, got "${text}"`);
  return value;
}

export const keysBatchCreateCommand: Command = {
  name: 'keys batch create',
  summary: 'Make a batch of product keys and write their CSV (the one copy) to a file or stdout',
  usage: [
    'licentia keys batch create --plan <id> --kind <subscription|add_seats|renewal|trial> --quantity <1-100000>',
    '         --seats <seats per key> --redeem-by <YYYY-MM-DD> [--partner <organization id>] [--label <text>] [--out <file.csv>]',
    '',
    'The keys exist in plaintext only in this CSV (columns key, last5, plan_sku, kind, seats, redeem_by): --out writes',
    'it to a new file readable by you alone (mode 0600; an existing file is never overwritten), otherwise it goes to',
    'stdout. The batch is made by the operator (audited as "system") in the vendor organization\'s time zone.',
  ].join('\n'),
  options: {
    plan: { type: 'string' },
    kind: { type: 'string' },
    quantity: { type: 'string' },
    seats: { type: 'string' },
    'redeem-by': { type: 'string' },
    partner: { type: 'string' },
    label: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values }) {
    const kind = required(values, 'kind');
    if (!(KEY_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${KEY_KINDS.join(', ')}`);
    const input = {
      planId: required(values, 'plan'),
      kind: kind as KeyKind,
      quantity: wholeNumber(values, 'quantity', 1, MAX_BATCH_QUANTITY),
      seatsPerKey: wholeNumber(values, 'seats', 1, Number.MAX_SAFE_INTEGER),
      redeemBy: required(values, 'redeem-by'),
      ...(typeof values.partner === 'string' ? { partnerOrganizationId: values.partner } : {}),
      ...(typeof values.label === 'string' ? { label: values.label } : {}),
    };
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (out !== undefined && existsSync(out)) throw new UsageError(`--out ${out} exists; give a new file (keys are never written over a file)`);
    return withKeyDatabase(async (database, secrets) => {
      const keySecrets = { hmacKey: productKeyHmacKey(secrets.derive('product-key-hmac')), sealKey: secrets.derive('key-batch-seal') };
      const now = systemClock.now();
      const audit = { principal: { kind: 'anonymous' as const }, now };
      const context = (tx: Tx) => ({ tx, dialect: database.dialect, audit });
      const material = prepareKeyMaterial(input.quantity, keySecrets.hmacKey, now);
      const { row } = await inTransaction(database.db, (tx) => createKeyBatch(context(tx), keySecrets, input, material));
      // Written before the stored copy is cleared: if writing fails, the API download remains.
      const csv = await readKeyBatchCsv(database.db, keySecrets.sealKey, row.id);
      try {
        if (out === undefined) process.stdout.write(csv);
        else writeFileSync(out, csv, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        console.error(`could not write the CSV: ${(error as Error).message}\nbatch ${row.id} was made; its CSV can still be downloaded once: GET /v1/key-batches/${row.id}/keys.csv`);
        return 1;
      }
      await inTransaction(database.db, (tx) => takeKeyBatchCsv(context(tx), keySecrets.sealKey, row.id));
      const summary = `batch ${row.id}: ${row.quantity} ${row.kind} keys of plan ${row.plan_id}, ${row.seats_per_key} seat(s) each, redeemable until ${row.redeem_by}`;
      if (out === undefined) console.error(summary);
      else console.log(`${summary}\nCSV written to ${out}`);
      return 0;
    });
  },
};
