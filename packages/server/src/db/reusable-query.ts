// A statement that runs on every request (a rate-limit hit on each validation) is built and
// compiled by Kysely once per database, then run with each request's values: building and
// compiling an upsert through the query builder cost more than SQLite took to run it
// (docs/performance.md, "Validations and check-ins").
import type { CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Tx } from './transaction.ts';

type Executor = Kysely<DB> | Tx;

/** A query builder, or a `sql` template (which compiles against the database it is given). */
interface Buildable<Row> {
  compile(db: Executor): CompiledQuery<Row>;
}

/**
 * `build` is called once per database with `placeholders` (distinct values that appear nowhere
 * else in the statement); each call of the result puts its own values where they were bound.
 */
export function reusableQuery<Row, Values extends readonly unknown[]>(
  build: (db: Executor, ...values: Values) => Buildable<Row>,
  placeholders: Values,
): (db: Executor, ...values: Values) => CompiledQuery<Row> {
  // Keyed by the dialect's adapter: one per database, shared by its transactions.
  const compiledFor = new WeakMap<object, { compiled: CompiledQuery<Row>; slots: number[] }>();
  return (db, ...values) => {
    const adapter = db.getExecutor().adapter;
    let entry = compiledFor.get(adapter);
    if (!entry) {
      const compiled = build(db, ...placeholders).compile(db);
      const slots = compiled.parameters.map((parameter) => placeholders.indexOf(parameter));
      for (let i = 0; i < placeholders.length; i++) {
        if (slots.filter((slot) => slot === i).length !== 1) throw new Error(`placeholder ${String(placeholders[i])} must be bound exactly once`);
      }
      entry = { compiled, slots };
      compiledFor.set(adapter, entry);
    }
    const { compiled, slots } = entry;
    return { ...compiled, parameters: slots.map((slot, i) => (slot === -1 ? compiled.parameters[i] : values[slot])) };
  };
}
