// How a hot statement asks the drivers for special treatment: a comment at the start of its
// text, read by the PostgreSQL client wrapper (db/connect.ts) and the SQLite dialect
// (db/sqlite-dialect.ts) when they first see the statement. A comment, because Kysely hands
// the drivers nothing but the text and the values.

export interface StatementMarks {
  /** Kept prepared on each PostgreSQL connection under this name (one name, one text). */
  name: string;
  /**
   * Rows come back as arrays of values in the select list's order, not objects. For a wide
   * joined read: the drivers would otherwise build an object with every column's name for each
   * row (on SQLite, interning each name again), which cost more than the read itself.
   */
  arrayRows: boolean;
}

/** Put first in the statement's text. */
export const preparedStatement = (name: string, options: { arrayRows?: boolean } = {}) =>
  `/* prepared: ${name}${options.arrayRows ? ', rows: arrays' : ''} */ `;

const MARK = /^\/\* prepared: ([a-z0-9-]+)(, rows: arrays)? \*\/ /;

export function marksOf(sql: string): StatementMarks | undefined {
  const match = MARK.exec(sql);
  return match ? { name: match[1]!, arrayRows: match[2] !== undefined } : undefined;
}
