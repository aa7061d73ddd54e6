// The shape of a CLI command: its name, one line of help, its usage, and what it runs.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<number>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCommandArgs(command: Command, argv: string[]) {
  const parsed = parseArgs({
    args: argv,
    options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: command.allowPositionals ?? false,
    strict: true,
  });
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

/** The user's language for CLI output, from the locale environment (LANG=ja_JP.UTF-8 → ja). */
export function cliLanguage(env: NodeJS.ProcessEnv = process.env): 'ja' | 'en' {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
