// A Kysely dialect for Node's built-in `node:sqlite` (no native build, nothing downloaded).
// Kysely's own SqliteDriver is written for better-sqlite3; this one differs where it matters:
// - write transactions start with BEGIN IMMEDIATE, so the write lock is taken up front and two
//   processes sharing the file fail fast with SQLITE_BUSY (retried by the transaction helper)
//   instead of deadlocking when both upgrade a read lock to a write lock;
// - prepared statements are cached, because preparing costs more than running a point lookup.
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { marksOf } from './statement-marks.ts';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

export interface NodeSqliteOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** How long SQLite itself waits for another process's write lock before SQLITE_BUSY. */
  busyTimeoutMs: number;
}

const STATEMENT_CACHE_SIZE = 500;

class NodeSqliteConnection implements DatabaseConnection {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, { statement: StatementSync; returnsRows: boolean }>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #prepare(sql: string): { statement: StatementSync; returnsRows: boolean } {
    let cached = this.#statements.get(sql);
    if (cached) {
      // Re-insert to keep the Map in least-recently-used order.
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const statement = this.#db.prepare(sql);
    if (marksOf(sql)?.arrayRows) statement.setReturnArrays(true);
    cached = { statement, returnsRows: statement.columns().length > 0 };
    this.#statements.set(sql, cached);
    if (this.#statements.size > STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    return cached;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { statement, returnsRows } = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters.map(toSqliteValue);
    if (returnsRows) {
      return Promise.resolve({ rows: statement.all(...parameters) as R[] });
    }
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return Promise.resolve({
      rows: [],
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
    });
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the node:sqlite dialect');
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  close(): void {
    this.#statements.clear();
    this.#db.close();
  }
}

type SqliteParameter = null | number | bigint | string | Uint8Array;

function toSqliteValue(value: unknown): SqliteParameter {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  throw new TypeError(`unsupported SQLite parameter type: ${typeof value}`);
}

/** SQLite has one connection per process: queries wait their turn, as in Kysely's driver. */
class ConnectionMutex {
  #tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

class NodeSqliteDriver implements Driver {
  readonly #options: NodeSqliteOptions;
  readonly #mutex = new ConnectionMutex();
  #connection: NodeSqliteConnection | undefined;
  #release: (() => void) | undefined;

  constructor(options: NodeSqliteOptions) {
    this.#options = options;
  }

  async init(): Promise<void> {
    const db = new DatabaseSync(this.#options.path);
    const connection = new NodeSqliteConnection(db);
    connection.exec(`PRAGMA busy_timeout = ${Math.trunc(this.#options.busyTimeoutMs)}`);
    if (this.#options.path !== ':memory:') connection.exec('PRAGMA journal_mode = WAL');
    // NORMAL is durable in WAL mode against process crashes (a power loss may lose the last
    // commits, never corrupt the file); FULL would fsync on every commit.
    connection.exec('PRAGMA synchronous = NORMAL');
    connection.exec('PRAGMA foreign_keys = ON');
    this.#connection = connection;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    this.#release = release;
    return this.#connection!;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
    } catch (error) {
      // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_BUSY on COMMIT);
      // the error that caused the rollback is the one worth reporting, not this one.
      if (!String((error as Error).message).includes('no transaction is active')) throw error;
    }
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    this.#connection?.close();
    this.#connection = undefined;
  }
}

/**
 * SQLite does run DDL inside transactions; saying so makes Kysely's migrator wrap each run in
 * BEGIN IMMEDIATE, which serializes two processes migrating the same file at once.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class NodeSqliteDialect implements Dialect {
  readonly #options: NodeSqliteOptions;

  constructor(options: NodeSqliteOptions) {
    this.#options = options;
  }

  createDriver(): Driver {
    return new NodeSqliteDriver(this.#options);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
