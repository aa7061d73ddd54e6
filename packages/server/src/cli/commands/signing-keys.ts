// `licentia signing-keys list|rotate|prune`: the operator's handle on the Ed25519 keys that sign
// license files. Rotation adds a new active key and keeps the old one published (retired) until
// every file it signed has expired; pruning then removes it. Running servers read the key file
// at start: restart them after a rotation so that they sign with the new key.
import { systemClock } from '../../clock.ts';
import { loadConfig, type Config } from '../../config.ts';
import { loadOrCreateSigningKeys, rotateSigningKeySet, SIGNING_KEYS_ENV, SigningKeysError, type SigningKeyInfo } from '../../modules/licenses/signing-keys.ts';
import { UsageError, type Command } from '../command.ts';

function describe(key: SigningKeyInfo): string {
  return `${key.kid}  ${key.status.padEnd(7)}  created ${key.createdAt}${key.retiredAt ? `  retired ${key.retiredAt}` : ''}`;
}

/** The longest a license file can verify after it was signed: refresh-by plus the offline grace. */
export function maxFileLifetimeSeconds(config: Config): number {
  return (config.licenseRefreshHours + config.licenseOfflineGraceHours) * 3600;
}

function ring(config: Config) {
  return loadOrCreateSigningKeys({ dataDir: config.dataDir, configured: config.licenseSigningKeys });
}

export const signingKeysListCommand: Command = {
  name: 'signing-keys list',
  summary: 'List the license signing keys (kid, status, dates); never prints a private key',
  usage: 'licentia signing-keys list\n\nThe active key signs new license files; retired keys stay published until pruned.',
  options: {},
  async run() {
    for (const key of ring(loadConfig()).keys()) console.log(describe(key));
    return 0;
  },
};

export const signingKeysRotateCommand: Command = {
  name: 'signing-keys rotate',
  summary: 'Add a new active license signing key; the current one is retired but stays published',
  usage:
    'licentia signing-keys rotate\n\n' +
    'With the key file of the data directory, the file is updated; restart every server to sign with the new key.\n' +
    `With ${SIGNING_KEYS_ENV} set, nothing is written: the new value is printed, to be set on every server.`,
  options: {},
  async run() {
    const config = loadConfig();
    if (config.licenseSigningKeys) {
      const rotated = rotateSigningKeySet(JSON.parse(config.licenseSigningKeys), systemClock.now());
      console.error(`Set ${SIGNING_KEYS_ENV} on every server to this value (it holds private keys), then restart them:`);
      console.log(JSON.stringify(rotated));
      return 0;
    }
    const keys = ring(config);
    const active = keys.rotate(systemClock.now());
    console.log(`new active key ${active.kid}; restart the servers to sign with it`);
    for (const key of keys.keys()) console.log(describe(key));
    return 0;
  },
};

export const signingKeysPruneCommand: Command = {
  name: 'signing-keys prune',
  summary: 'Remove retired license signing keys whose files have all expired (or one named key at once)',
  usage:
    'licentia signing-keys prune [--kid=<kid>]\n\n' +
    'Without --kid, removes the retired keys retired longer ago than a license file can live (refresh-by plus the offline grace).\n' +
    'With --kid, removes that retired key now (after a compromise): the files it signed stop verifying at once.\n' +
    'Write --kid=<kid> with "=": a kid (a base64url thumbprint) may begin with "-".',
  options: { kid: { type: 'string' } },
  async run({ values }) {
    const config = loadConfig();
    if (config.licenseSigningKeys) throw new UsageError(`the keys come from ${SIGNING_KEYS_ENV}: change that value instead`);
    const keys = ring(config);
    let removed: string[];
    try {
      removed = typeof values.kid === 'string' ? (keys.removeRetired(values.kid), [values.kid]) : keys.pruneRetired(systemClock.now(), maxFileLifetimeSeconds(config));
    } catch (error) {
      if (!(error instanceof SigningKeysError)) throw error;
      console.error(error.message);
      return 1;
    }
    console.log(removed.length === 0 ? 'no retired key can be removed yet' : `removed ${removed.join(', ')}`);
    return 0;
  },
};
