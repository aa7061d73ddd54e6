// Cursor pagination over time-ordered ids: the cursor is the last id of the page, opaque to the
// client. Stable under inserts, and an index seek rather than an OFFSET scan.
export interface PageRequest {
  limit: number;
  after: string | undefined;
}

export function pageRequest(query: { limit?: number | undefined; cursor?: string | undefined }): PageRequest {
  return {
    limit: query.limit ?? 50,
    after: query.cursor ? Buffer.from(query.cursor, 'base64url').toString('utf8') : undefined,
  };
}

/** Pass limit + 1 rows: the extra one only tells whether another page exists. */
export function toPage<T>(rows: T[], request: PageRequest, idOf: (row: T) => string): { data: T[]; nextCursor: string | null } {
  const hasMore = rows.length > request.limit;
  const data = hasMore ? rows.slice(0, request.limit) : rows;
  const last = data.at(-1);
  return { data, nextCursor: hasMore && last ? Buffer.from(idOf(last), 'utf8').toString('base64url') : null };
}
