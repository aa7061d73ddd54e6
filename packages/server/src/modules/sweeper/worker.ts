// The sweeper as a background worker of `licentia serve`. Every 15 minutes: each organization's
// day changes at its local midnight, and every zone's midnight falls on a quarter hour (UTC
// offsets are whole, half or three-quarter hours), so a transition is recorded at most 15
// minutes after it takes effect. Any number of processes may run it (sweep.ts).
import type { Worker } from '../../workers/runner.ts';
import { sweep } from './sweep.ts';

export const SWEEP_INTERVAL_MS = 15 * 60 * 1000;

export const sweeperWorker: Worker = {
  name: 'sweeper',
  intervalMs: SWEEP_INTERVAL_MS,
  async run(ctx, now) {
    const report = await sweep(ctx.database, { time: { now } });
    return report.examined;
  },
};
