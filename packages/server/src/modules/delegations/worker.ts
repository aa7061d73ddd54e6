// The delegation sweeper as a background worker of `licentia serve`, every 15 minutes like the
// subscription sweeper (every zone's midnight falls on a quarter hour). Any number of processes
// may run it (sweep.ts).
import type { Worker } from '../../workers/runner.ts';
import { sweepDelegations } from './sweep.ts';

export const DELEGATION_SWEEP_INTERVAL_MS = 15 * 60 * 1000;

export const delegationSweeperWorker: Worker = {
  name: 'delegations.sweeper',
  intervalMs: DELEGATION_SWEEP_INTERVAL_MS,
  async run(ctx, now) {
    return (await sweepDelegations(ctx.database, { time: { now } })).examined;
  },
};
