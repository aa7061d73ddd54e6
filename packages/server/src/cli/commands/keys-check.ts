import { parseKey } from '@licentia/core/keys';
import { ERROR_CATALOG } from '../../errors/catalog.ts';
import { describeKeyProblem } from '../../modules/keys/key-invalid.ts';
import { cliLanguage, UsageError, type Command } from '../command.ts';

export const keysCheckCommand: Command = {
  name: 'keys check',
  summary: 'Check a product key offline and print it in canonical form',
  usage: 'licentia keys check <key>\n\nExits 0 and prints the canonical key, or exits 1 with what is wrong (in Japanese when LANG is ja_*).',
  options: {},
  allowPositionals: true,
  async run({ positionals }) {
    if (positionals.length === 0) throw new UsageError('give the key to check');
    const result = parseKey(positionals.join(' '));
    if (result.ok) {
      console.log(result.key);
      return 0;
    }
    const language = cliLanguage();
    const remedy = ERROR_CATALOG.KEY_INVALID.remedy?.[language];
    const message = remedy ? `${describeKeyProblem(result, language)} ${remedy}` : describeKeyProblem(result, language);
    console.error(`${result.code}: ${message}`);
    return 1;
  },
};
