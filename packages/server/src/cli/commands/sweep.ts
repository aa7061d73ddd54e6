import { Temporal } from 'temporal-polyfill';
import { systemClock } from '../../clock.ts';
import { loadConfig } from '../../config.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { sweepDelegations } from '../../modules/delegations/sweep.ts';
import { sweep, type SweepTime } from '../../modules/sweeper/sweep.ts';
import { openConfiguredDatabase } from '../../db/configured.ts';
import { UsageError, type Command } from '../command.ts';

function parseAsOf(value: string): Temporal.PlainDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${value}"`);
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    throw new UsageError(`--as-of ${value} is not a day of the calendar`);
  }
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'Run the sweepers once: subscriptions (transitions, auto-renewals, reminders, deprovisioning) and partner delegations (notices, expiry, extension)',
  usage: [
    'licentia sweep [--as-of YYYY-MM-DD] [--json]',
    '',
    'Does now what `licentia serve` does every 15 minutes: the subscription sweeper, then the',
    "delegation sweeper (partners' delegated administration: expiry notices, expiries, 180-day",
    'extensions). Safe beside running servers (a second sweep changes nothing). --as-of sweeps',
    'every organization at the first instant of that day in its own time zone: what falls due',
    'on or before it happens, nothing later. It makes real changes and sends real notices, so a',
    'date in the future is for staging and tests. A date in the past never moves a recorded',
    "state back. Sandbox (simulation) organizations' subscriptions are never swept here: advance",
    'their simulation instead.',
  ].join('\n'),
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const asOf = typeof values['as-of'] === 'string' ? parseAsOf(values['as-of']) : undefined;
    const time: SweepTime = asOf ? { asOf } : { now: systemClock.now() };
    const database = openConfiguredDatabase(loadConfig());
    try {
      await migrateToLatest(database);
      const started = performance.now();
      const report = await sweep(database, { time });
      const delegations = await sweepDelegations(database, { time });
      const seconds = (performance.now() - started) / 1000;
      if (values.json) {
        console.log(JSON.stringify({ asOf: asOf?.toString() ?? null, ...report, delegations, seconds }));
        return 0;
      }
      const when = 'now' in time ? `at ${time.now.toString()}` : `as of ${time.asOf.toString()} (each organization at its local midnight)`;
      console.log(
        `swept ${when} in ${seconds.toFixed(2)} s: ${report.examined} subscriptions examined, ${report.transitions} transitions, ` +
          `${report.autoRenewals} auto-renewals, ${report.reactivations} reactivations, ${report.reminders} reminders, ` +
          `${report.deletionNotices} deletion notices, ${report.deprovisioned} deprovisioned; ` +
          `${delegations.examined} delegations examined, ${delegations.notices} expiry notices, ${delegations.expired} expired, ${delegations.extended} extended`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
