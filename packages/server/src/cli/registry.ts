// Every `licentia` command, loaded only when it runs: an operator's `licentia keys check` should
// not wait for the HTTP server, the sweeper and every module to load (type stripping costs per
// file). The overview loads them all. `registry.test.ts` holds each key to its command's name.
import type { Command } from './command.ts';

export const COMMAND_LOADERS: Readonly<Record<string, () => Promise<Command>>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand,
  'admin create': async () => (await import('./commands/admin-create.ts')).adminCreateCommand,
  'token create': async () => (await import('./commands/token-create.ts')).tokenCreateCommand,
  'keys check': async () => (await import('./commands/keys-check.ts')).keysCheckCommand,
  'keys batch create': async () => (await import('./commands/keys-batch-create.ts')).keysBatchCreateCommand,
  'keys lookup': async () => (await import('./commands/keys-lookup.ts')).keysLookupCommand,
  'catalog product create': async () => (await import('./commands/catalog-product-create.ts')).catalogProductCreateCommand,
  'catalog plan create': async () => (await import('./commands/catalog-plan-create.ts')).catalogPlanCreateCommand,
  'catalog list': async () => (await import('./commands/catalog-list.ts')).catalogListCommand,
  sweep: async () => (await import('./commands/sweep.ts')).sweepCommand,
  'signing-keys list': async () => (await import('./commands/signing-keys.ts')).signingKeysListCommand,
  'signing-keys rotate': async () => (await import('./commands/signing-keys.ts')).signingKeysRotateCommand,
  'signing-keys prune': async () => (await import('./commands/signing-keys.ts')).signingKeysPruneCommand,
};

export async function loadCommand(name: string): Promise<Command> {
  const load = COMMAND_LOADERS[name];
  if (!load) throw new Error(`no command ${name}`);
  return load();
}

/** In the order of the table, for the overview. */
export function loadAllCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMAND_LOADERS).map((load) => load()));
}
