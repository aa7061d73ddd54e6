// The workers `licentia serve` runs. A module with background work adds its worker here.
import type { Worker } from './runner.ts';

export const WORKERS: Worker[] = [];
