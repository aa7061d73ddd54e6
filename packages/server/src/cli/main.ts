#!/usr/bin/env node
// The `licentia` command. Each subcommand answers --help; errors of usage exit 2.
import process from 'node:process';
import { ConfigError } from '../config.ts';
import { ERROR_CATALOG, fillTemplate } from '../errors/catalog.ts';
import { DomainError } from '../errors/domain-error.ts';
import { cliLanguage, parseCommandArgs, UsageError, type Command } from './command.ts';
import { adminCreateCommand } from './commands/admin-create.ts';
import { catalogListCommand } from './commands/catalog-list.ts';
import { catalogPlanCreateCommand } from './commands/catalog-plan-create.ts';
import { catalogProductCreateCommand } from './commands/catalog-product-create.ts';
import { keysBatchCreateCommand } from './commands/keys-batch-create.ts';
import { keysCheckCommand } from './commands/keys-check.ts';
import { keysLookupCommand } from './commands/keys-lookup.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand } from './commands/serve.ts';
import { signingKeysListCommand, signingKeysPruneCommand, signingKeysRotateCommand } from './commands/signing-keys.ts';
import { sweepCommand } from './commands/sweep.ts';
import { tokenCreateCommand } from './commands/token-create.ts';

const COMMANDS: Command[] = [serveCommand, migrateCommand, adminCreateCommand, tokenCreateCommand, keysCheckCommand, keysBatchCreateCommand, keysLookupCommand, catalogProductCreateCommand, catalogPlanCreateCommand, catalogListCommand, sweepCommand, signingKeysListCommand, signingKeysRotateCommand, signingKeysPruneCommand];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Licentia: licensing and subscription server',
    '',
    'Usage: licentia <command> [options]   (licentia <command> --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(overview());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`unknown command: ${argv.join(' ')}\n\n${overview()}`);
    return 2;
  }
  const { command, rest } = found;
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      console.log(`${command.summary}\n\nUsage: ${command.usage}`);
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      return 2;
    }
    if (error instanceof DomainError) {
      const entry = ERROR_CATALOG[error.code];
      const language = cliLanguage();
      const remedy = 'remedy' in entry && entry.remedy ? ` ${entry.remedy[language]}` : '';
      console.error(`${error.code}: ${fillTemplate(entry.title[language], error.details)}${remedy}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
