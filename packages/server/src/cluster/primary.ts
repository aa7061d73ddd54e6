// The primary of `licentia serve --processes N`: it serves nothing itself. It forks N workers
// (node:cluster; each runs the whole server, and the cluster shares the listening port between
// them, handing connections out round-robin), replaces a worker that dies unexpectedly, and on
// SIGTERM/SIGINT stops them all before it exits. Exactly one worker (slot 0, and whichever
// worker replaces it) runs the background workers: in one machine's cluster more pollers would
// only add database contention. Several machines each run theirs; the workers coordinate
// through the database (runner.ts), so that is safe too.
import cluster, { type Worker } from 'node:cluster';
import { hostname } from 'node:os';

/** The first restart waits this long; each quick death in a row doubles it, up to the cap. */
const RESTART_BACKOFF_MS = 1000;
const RESTART_BACKOFF_CAP_MS = 30_000;
/** A worker that lived this long died "unexpectedly", not in a crash loop: the backoff resets. */
const HEALTHY_LIFETIME_MS = 60_000;
/** How long workers get to finish their requests and stop on shutdown before they are killed. */
const STOP_GRACE_MS = 30_000;

export interface ClusterOptions {
  processes: number;
  /** The environment variable set to "1" on the worker that runs the background workers. */
  backgroundEnv: string;
  logLevel: string;
}

/**
 * The primary's log lines, in the shape of the workers' (pino JSON: level, time, pid, hostname,
 * msg) so that one log pipeline reads both. The primary avoids loading the HTTP server.
 */
function createLog(level: string) {
  const threshold = ({ trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as Record<string, number>)[level] ?? 30;
  const host = hostname();
  const write = (value: number) => (fields: Record<string, unknown>, msg: string) => {
    if (value < threshold) return;
    process.stdout.write(JSON.stringify({ level: value, time: Date.now(), pid: process.pid, hostname: host, role: 'primary', ...fields, msg }) + '\n');
  };
  return { info: write(30), warn: write(40), error: write(50) };
}

interface Slot {
  index: number;
  worker: Worker | undefined;
  startedAt: number;
  listened: boolean;
  quickDeaths: number;
  restartTimer: NodeJS.Timeout | undefined;
}

/** Forks the workers and supervises them; resolves with the exit status once all have stopped. */
export function runCluster(options: ClusterOptions): Promise<number> {
  const log = createLog(options.logLevel);
  const slots: Slot[] = Array.from({ length: options.processes }, (_, index) => ({
    index,
    worker: undefined,
    startedAt: 0,
    listened: false,
    quickDeaths: 0,
    restartTimer: undefined,
  }));
  let stopping = false;
  let exitStatus = 0;
  let finish: (status: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const live = () => slots.filter((slot) => slot.worker !== undefined);

  const fork = (slot: Slot) => {
    slot.restartTimer = undefined;
    slot.startedAt = Date.now();
    slot.listened = false;
    const worker = cluster.fork({ [options.backgroundEnv]: slot.index === 0 ? '1' : '0' });
    slot.worker = worker;
    worker.once('listening', () => {
      slot.listened = true;
      log.info({ slot: slot.index, workerPid: worker.process.pid }, 'worker listening');
    });
    worker.once('exit', (code, signal) => onExit(slot, worker, code, signal));
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    if (stopping) {
      log.info({ slot: slot.index, workerPid: worker.process.pid, code, signal }, 'worker stopped');
      if (live().length === 0) finish(exitStatus);
      return;
    }
    // A worker that never listened on its first start cannot serve (a taken port, a bad
    // setting): restarting it forever would hide that, so the whole server stops and says so.
    if (!slot.listened && slot.quickDeaths === 0 && !slots.some((s) => s.listened)) {
      log.error({ slot: slot.index, workerPid: worker.process.pid, code, signal }, 'a worker died before it could serve: stopping');
      exitStatus = 1;
      stop('startup failure');
      return;
    }
    const lived = Date.now() - slot.startedAt;
    slot.quickDeaths = lived >= HEALTHY_LIFETIME_MS ? 0 : slot.quickDeaths + 1;
    const delayMs = Math.min(RESTART_BACKOFF_CAP_MS, RESTART_BACKOFF_MS * 2 ** Math.max(0, slot.quickDeaths - 1));
    log.error({ slot: slot.index, workerPid: worker.process.pid, code, signal, restartInMs: delayMs }, 'worker died unexpectedly; restarting it');
    slot.restartTimer = setTimeout(() => fork(slot), delayMs);
  };

  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'stopping the workers');
    for (const slot of slots) {
      if (slot.restartTimer) clearTimeout(slot.restartTimer);
      slot.restartTimer = undefined;
    }
    const running = live();
    if (running.length === 0) return finish(exitStatus);
    for (const slot of running) slot.worker!.process.kill('SIGTERM');
    // A worker stuck past the grace period is killed: the primary never leaves one behind.
    setTimeout(() => {
      for (const slot of live()) {
        log.warn({ slot: slot.index, workerPid: slot.worker!.process.pid }, 'worker did not stop in time; killing it');
        slot.worker!.process.kill('SIGKILL');
      }
    }, STOP_GRACE_MS).unref();
  };

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log.info({ processes: options.processes }, 'starting the server processes');
  for (const slot of slots) fork(slot);
  return finished;
}
