// `licentia keys lookup <key>`: the support desk's lookup from the command line. Bad input gets
// exactly the answer of `licentia keys check`; a key is printed as GET-style JSON (no plaintext).
import { productKeyHmacKey } from '../../modules/keys/material.ts';
import { findKeyByPlaintext, toProductKey } from '../../modules/keys/product-keys.ts';
import { cliLanguage, UsageError, type Command } from '../command.ts';
import { keysCheckCommand } from './keys-check.ts';
import { withKeyDatabase } from './keys-common.ts';

const NOT_FOUND = {
  en: 'NOT_FOUND: no such product key was issued here. Compare it with the card; if it matches, it was issued by another server.',
  ja: 'NOT_FOUND: このプロダクト キーはここでは発行されていません。カードと見比べてください。一致する場合は、別のサーバーで発行されたキーです。',
};

export const keysLookupCommand: Command = {
  name: 'keys lookup',
  summary: "Look a product key up: its state, its batch, where it was redeemed",
  usage:
    'licentia keys lookup <key>\n\nThe key may be typed any way (lower case, full width, any dashes or none). Prints the key as JSON ' +
    '(id, last5, state, batch, redeemedAt, redeemedOrganizationId, subscriptionId, revokedAt) and exits 0; exits 1 when the ' +
    'input is not a key (as `licentia keys check` says) or no such key was issued.',
  options: {},
  allowPositionals: true,
  async run(args) {
    if (args.positionals.length === 0) throw new UsageError('give the key to look up');
    const input = args.positionals.join(' ');
    return withKeyDatabase(async (database, secrets) => {
      const result = await findKeyByPlaintext(database.db, productKeyHmacKey(secrets.derive('product-key-hmac')), input);
      if (result.ok) {
        console.log(JSON.stringify(toProductKey(result.key), null, 2));
        return 0;
      }
      if (result.code !== 'NOT_FOUND') return keysCheckCommand.run(args);
      console.error(NOT_FOUND[cliLanguage()]);
      return 1;
    });
  },
};
