// Background work inside `licentia serve`: each worker runs on its own interval, one run at a
// time, with `now` read from the context's clock at the start of each run. Workers coordinate
// through the database (SKIP LOCKED, unique constraints), never through memory, so any number
// of processes may run the same workers at once. A failing run is logged and tried again at the
// next tick; it never stops the server.
import type { FastifyBaseLogger } from 'fastify';
import type { Temporal } from 'temporal-polyfill';
import type { AppContext } from '../http/context.ts';

export interface Worker {
  name: string;
  intervalMs: number;
  /** Does one pass of work; returns how many items it handled (for the log). */
  run(ctx: AppContext, now: Temporal.Instant): Promise<number>;
}

export interface RunningWorkers {
  /** Waits for runs in progress, then stops the timers. */
  stop(): Promise<void>;
}

export function startWorkers(ctx: AppContext, workers: readonly Worker[], log: FastifyBaseLogger): RunningWorkers {
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;
  for (const worker of workers) {
    let running = false;
    const tick = () => {
      if (running || stopping) return;
      running = true;
      const run = worker
        .run(ctx, ctx.clock.now())
        .then((handled) => {
          if (handled > 0) log.info({ worker: worker.name, handled }, 'worker run');
        })
        .catch((error: unknown) => log.error({ err: error, worker: worker.name }, 'worker run failed'))
        .finally(() => {
          running = false;
          inFlight.delete(run);
        });
      inFlight.add(run);
    };
    timers.push(setInterval(tick, worker.intervalMs));
    setImmediate(tick);
  }
  return {
    async stop() {
      stopping = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
