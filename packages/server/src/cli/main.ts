#!/usr/bin/env node
// The `licentia` command. Each subcommand answers --help; errors of usage exit 2.
import process from 'node:process';
import { ConfigError } from '../config.ts';
import { ERROR_CATALOG, fillTemplate } from '../errors/catalog.ts';
import { DomainError } from '../errors/domain-error.ts';
import { cliLanguage, parseCommandArgs, UsageError, type Command } from './command.ts';
import { COMMAND_LOADERS, loadAllCommands, loadCommand } from './registry.ts';

async function overview(): Promise<string> {
  const commands = await loadAllCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Licentia: licensing and subscription server',
    '',
    'Usage: licentia <command> [options]   (licentia <command> --help for its options)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

async function findCommand(argv: string[]): Promise<{ command: Command; rest: string[] } | undefined> {
  // The longest name first: `keys batch create` before a shorter name it starts with.
  const names = Object.keys(COMMAND_LOADERS).sort((a, b) => b.split(' ').length - a.split(' ').length);
  for (const name of names) {
    const words = name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command: await loadCommand(name), rest: argv.slice(words.length) };
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(await overview());
    return argv.length === 0 ? 2 : 0;
  }
  const found = await findCommand(argv);
  if (!found) {
    console.error(`unknown command: ${argv.join(' ')}\n\n${await overview()}`);
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
