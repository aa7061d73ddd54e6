// Reading and writing support cases and their files. Callers decide who may; this file only
// knows SQL. Every query names the case's organization (tenant-keyed tables).
import type { Kysely, Selectable } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB, SupportCaseAttachmentsTable, SupportCasesTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

type Executor = Kysely<DB> | Tx;

export type SupportCaseRow = Selectable<SupportCasesTable>;
export type AttachmentRow = Omit<Selectable<SupportCaseAttachmentsTable>, 'content'>;

const ATTACHMENT_COLUMNS = [
  'organization_id',
  'id',
  'case_id',
  'kind',
  'media_type',
  'file_name',
  'size_bytes',
  'sha256',
  'receipt_model',
  'receipt_purchase_date',
  'receipt_serial_number',
  'created_at',
] as const;

export async function getCase(db: Executor, organizationId: string, caseId: string, options: { lock?: DialectName } = {}): Promise<SupportCaseRow | undefined> {
  let query = db.selectFrom('support_cases').selectAll().where('organization_id', '=', organizationId).where('id', '=', caseId);
  // On SQLite the write transaction already holds the database's one write lock.
  if (options.lock === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

/** A case by its id alone, for vendor staff (ids are unique across organizations). */
export async function findCaseAnywhere(db: Executor, caseId: string): Promise<SupportCaseRow | undefined> {
  return db.selectFrom('support_cases').selectAll().where('id', '=', caseId).executeTakeFirst();
}

export async function listCases(db: Executor, filter: { organizationId?: string | undefined; state?: string | undefined; after?: string | undefined; limit: number }) {
  let query = db.selectFrom('support_cases').selectAll().orderBy('id').limit(filter.limit + 1);
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.after) query = query.where('id', '>', filter.after);
  return query.execute();
}

/** The latest case of a license about a repair (the advisor reads its progress). */
export async function latestCaseOfLicense(db: Executor, organizationId: string, licenseId: string, repair: string): Promise<SupportCaseRow | undefined> {
  return db
    .selectFrom('support_cases')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('license_id', '=', licenseId)
    .where('repair', '=', repair)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listAttachments(db: Executor, organizationId: string, caseId: string): Promise<AttachmentRow[]> {
  return db.selectFrom('support_case_attachments').select(ATTACHMENT_COLUMNS).where('organization_id', '=', organizationId).where('case_id', '=', caseId).orderBy('id').execute();
}

export async function getAttachmentContent(db: Executor, organizationId: string, caseId: string, attachmentId: string) {
  return db
    .selectFrom('support_case_attachments')
    .select([...ATTACHMENT_COLUMNS, 'content'])
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/**
 * Takes one of the case's file slots: increments the counter only below `limit` (the CHECK
 * backs it). False when the case is full. Runs under the case's row lock.
 */
export async function takeAttachmentSlot(tx: Tx, supportCase: SupportCaseRow, limit: number, now: Temporal.Instant): Promise<boolean> {
  const result = await tx
    .updateTable('support_cases')
    .set((eb) => ({ attachment_count: eb('attachment_count', '+', 1), updated_at: toStoredInstant(now) }))
    .where('organization_id', '=', supportCase.organization_id)
    .where('id', '=', supportCase.id)
    .where('attachment_count', '<', limit)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Moves a case from one of `from` to `to`; false when it is in none of them any more. */
export async function moveCase(tx: Tx, supportCase: SupportCaseRow, from: readonly string[], changes: Partial<SupportCaseRow> & { state: string }, now: Temporal.Instant): Promise<boolean> {
  const result = await tx
    .updateTable('support_cases')
    .set({ ...changes, updated_at: toStoredInstant(now) })
    .where('organization_id', '=', supportCase.organization_id)
    .where('id', '=', supportCase.id)
    .where('state', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What the case holds as proof: a receipt, a repair report. */
export async function proofsOfCase(db: Executor, organizationId: string, caseId: string): Promise<{ proofOfPurchase: boolean; repairReport: boolean }> {
  const kinds = await db.selectFrom('support_case_attachments').select('kind').distinct().where('organization_id', '=', organizationId).where('case_id', '=', caseId).execute();
  const held = new Set(kinds.map((k) => k.kind));
  return { proofOfPurchase: held.has('proof_of_purchase'), repairReport: held.has('repair_report') };
}
