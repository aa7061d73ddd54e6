import { parseKey } from '@licentia/core/keys';
import { cliLanguage, UsageError, type Command } from '../command.ts';

const MESSAGES = {
  en: {
    WRONG_LENGTH: (n: number) => `A product key has 25 characters; this has ${n}. Check for missing or extra characters.`,
    BAD_CHARACTERS: (p: string) => `Product keys never contain the characters at position(s) ${p}. Compare them with the card (O/0, I/1, S/5).`,
    CHECK_FAILED: () => 'The check characters do not match: probably a typo. Compare the key with the card.',
  },
  ja: {
    WRONG_LENGTH: (n: number) => `プロダクト キーは 25 文字ですが、入力は ${n} 文字です。文字の過不足を確認してください。`,
    BAD_CHARACTERS: (p: string) => `${p} 文字目はプロダクト キーに使われない文字です。カードと見比べてください (O/0、I/1、S/5 など)。`,
    CHECK_FAILED: () => 'チェック文字が一致しません。入力ミスの可能性があります。カードと見比べてください。',
  },
};

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
    const messages = MESSAGES[cliLanguage()];
    const message =
      result.code === 'WRONG_LENGTH'
        ? messages.WRONG_LENGTH(result.length)
        : result.code === 'BAD_CHARACTERS'
          ? messages.BAD_CHARACTERS(result.positions.map((p, i) => `${p} (${result.characters[i]})`).join(', '))
          : messages.CHECK_FAILED();
    console.error(`${result.code}: ${message}`);
    return 1;
  },
};
