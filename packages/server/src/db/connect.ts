// Opens the database named by the configuration: PostgreSQL when a URL is given, otherwise the
// embedded SQLite file. Everything above this file speaks Kysely and does not care which.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { NodeSqliteDialect } from './sqlite-dialect.ts';
import { marksOf } from './statement-marks.ts';
import type { DB } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: DialectName;
  /** Where it is, without credentials (for logs and `/readyz`). */
  readonly location: string;
  /** Closes it; closing again is a no-op (a pool may be closed only once). */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  postgresUrl?: string | undefined;
  /** PostgreSQL schema to use (tests give each file its own). */
  postgresSchema?: string | undefined;
  sqlitePath: string;
  poolSize?: number;
}

const PG_INT8_OID = 20;

export function openDatabase(options: DatabaseOptions): Database {
  if (options.postgresUrl) return openPostgres(options.postgresUrl, options);
  return openSqlite(options.sqlitePath);
}

function openSqlite(path: string): Database {
  // Private: the database holds customer data and hashes, the directory the server secret.
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Kysely<DB>({ dialect: new NodeSqliteDialect({ path, busyTimeoutMs: 200 }) });
  return { db, dialect: 'sqlite', location: `sqlite:${path}`, close: closeOnce(db) };
}

function openPostgres(url: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Money and counts are int8; they stay far below 2^53, so numbers are safe and simpler.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(options.postgresSchema ? { options: `-c search_path=${options.postgresSchema}` } : {}),
  });
  pool.on('connect', prepareMarkedStatements);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  const location = `postgres://${parsed.host}${parsed.pathname}${options.postgresSchema ? `#${options.postgresSchema}` : ''}`;
  return { db, dialect: 'postgres', location, close: closeOnce(db) };
}

/**
 * PostgreSQL plans every statement it receives unnamed; a joined read such as the device-token
 * lookup spends about 1 ms planning and 0.1 ms running. A named statement is parsed once per
 * connection and its plan kept, so the statements marked with `preparedStatement`
 * (statement-marks.ts) are sent named. Only marked ones: a name per distinct text would grow
 * without bound with IN lists.
 */
function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const marks = typeof text === 'string' ? marksOf(text) : undefined;
    if (marks === undefined) return query(text, values, callback);
    return query({ name: marks.name, text, values, ...(marks.arrayRows ? { rowMode: 'array' } : {}) }, callback);
  }) as typeof client.query;
}

function closeOnce(db: Kysely<DB>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= db.destroy());
}
