// The workers `licentia serve` runs. A module with background work adds its worker here.
import { BILLING_WORKERS } from '../modules/billing/workers.ts';
import { delegationSweeperWorker } from '../modules/delegations/worker.ts';
import { NOTIFICATION_WORKERS } from '../modules/notifications/workers.ts';
import { sweeperWorker } from '../modules/sweeper/worker.ts';
import type { Worker } from './runner.ts';

export const WORKERS: Worker[] = [sweeperWorker, delegationSweeperWorker, ...NOTIFICATION_WORKERS, ...BILLING_WORKERS];
