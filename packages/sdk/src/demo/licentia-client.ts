#!/usr/bin/env node
// `licentia-client`: a demo app that plays a device from the command line, through the SDK
// exactly as a vendor's app would. Its state (license file, device token, clock guard, JWKS
// cache) lives in one 0600 JSON file in --state-dir. Exit status: 0 done and valid, 1 refused
// or not valid, 2 wrong usage.
import { join, resolve } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { LicentiaApiError, LicentiaClientError } from '../client-errors.ts';
import { LicentiaClient } from '../client.ts';
import { isLicenseFileError } from '../errors.ts';
import { hashComponents, machineFingerprint, readMachineId } from '../fingerprint.ts';
import { FileStorage } from '../storage.ts';
import type { VerifiedLicenseFile } from '../verify.ts';

const USAGE = `Usage: licentia-client [options] <command>

Commands:
  activate --key KEY                      activate this device with a product key
  activate --account-token lic_… --product PRODUCT_ID [--organization ORG_ID]
                                          … or with a person's account (their seat, or a key
                                          they linked to their account)
  activate … --reactivation-code CODE     after a repair: redeem the one-time code from support
  activate … --replaces-device DEVICE_ID  after a repair the server cannot recognize: the
                                          device this machine replaces
  check-in                                fetch a fresh license file and a signed answer
  validate [--key KEY]                    ask the server whether this device may run (signed)
  status                                  what this device holds, offline
  deactivate                              free this device's slot

Options:
  --server URL        the licensing server (LICENTIA_SERVER_URL; default http://localhost:3000)
  --issuer URL        the server's public URL as it signs files (default: --server)
  --state-dir DIR     where this device keeps its state (LICENTIA_CLIENT_DIR; default ./.licentia-client)
  --fingerprint FP    this device's fingerprint (default: from /etc/machine-id and --app)
  --app ID            the app id mixed into the fingerprint (default licentia-demo)
  --name NAME         the device name shown to administrators (activate)
  --board, --disk, --os-install, --cpu, --mac VALUE
                      raw component identifiers; only their hashes leave this machine
  --lang ja|en        language of the server's messages
  --json              print JSON instead of text
  -h, --help          this text
`;

class UsageError extends Error {}

const OPTIONS = {
  server: { type: 'string' },
  issuer: { type: 'string' },
  'state-dir': { type: 'string' },
  fingerprint: { type: 'string' },
  app: { type: 'string' },
  name: { type: 'string' },
  key: { type: 'string' },
  'account-token': { type: 'string' },
  product: { type: 'string' },
  organization: { type: 'string' },
  'reactivation-code': { type: 'string' },
  'replaces-device': { type: 'string' },
  board: { type: 'string' },
  disk: { type: 'string' },
  'os-install': { type: 'string' },
  cpu: { type: 'string' },
  mac: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function describeFile(file: VerifiedLicenseFile | undefined): string {
  if (!file) return 'License file: none';
  const { license, device } = file.claims;
  return [
    `License: ${license.id} — ${license.plan.name}, ${license.state} until ${license.ends_on}${license.key_last5 ? ` (key …${license.key_last5})` : ''}`,
    `Device: ${device.id}`,
    `Refresh by: ${file.refreshBy.toISOString()}${file.refreshDue ? ' (due: check in)' : ''}; valid offline until ${file.expiresAt.toISOString()}`,
  ].join('\n');
}

async function makeClient(values: Values): Promise<LicentiaClient> {
  const server = values.server ?? process.env.LICENTIA_SERVER_URL ?? 'http://localhost:3000';
  let fingerprint = values.fingerprint;
  if (fingerprint === undefined) {
    const machineId = await readMachineId();
    if (machineId === undefined) throw new UsageError('this machine has no /etc/machine-id: give --fingerprint');
    fingerprint = machineFingerprint(machineId, values.app ?? 'licentia-demo');
  }
  const stateDir = resolve(values['state-dir'] ?? process.env.LICENTIA_CLIENT_DIR ?? '.licentia-client');
  const components = hashComponents({ board: values.board, disk: values.disk, osInstall: values['os-install'], cpu: values.cpu, mac: values.mac });
  return new LicentiaClient({
    serverUrl: server,
    issuer: values.issuer ?? server.replace(/\/+$/, ''),
    fingerprint,
    storage: new FileStorage(join(stateDir, 'state.json')),
    ...(Object.keys(components).length > 0 ? { components } : {}),
    ...(values.lang ? { language: values.lang } : {}),
  });
}

async function run(command: string, values: Values, print: (text: string, json: unknown) => void): Promise<number> {
  const client = await makeClient(values);
  switch (command) {
    case 'activate': {
      const credential = values.key !== undefined
        ? { key: values.key }
        : values['account-token'] !== undefined && values.product !== undefined
          ? { accountToken: values['account-token'], productId: values.product, ...(values.organization ? { organizationId: values.organization } : {}) }
          : undefined;
      if (!credential) throw new UsageError('activate needs --key, or --account-token with --product');
      const result = await client.activate(credential, {
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(values['reactivation-code'] === undefined ? {} : { reactivationCode: values['reactivation-code'] }),
        ...(values['replaces-device'] === undefined ? {} : { replacesDeviceId: values['replaces-device'] }),
      });
      const { license, device, hardwareChange } = result;
      const repair = hardwareChange ? `\nRepair: ${hardwareChange.outcome}${hardwareChange.replacedDeviceId ? ` (replaces ${hardwareChange.replacedDeviceId})` : ''} — ${hardwareChange.message}` : '';
      print(`Activated ${device.id} on license ${license.id} (${license.kind}; ${license.activeDevices} of ${license.deviceLimit} devices)${repair}\n${describeFile(result.file)}`, result);
      return 0;
    }
    case 'check-in': {
      const result = await client.checkIn();
      print(`${result.valid ? 'Valid' : 'Not valid'}: ${result.code} (server time ${result.serverTime.toISOString()})\n${describeFile(result.file)}`, result);
      return result.valid ? 0 : 1;
    }
    case 'validate': {
      const result = await client.validate(values.key === undefined ? {} : { key: values.key });
      print(`${result.valid ? 'Valid' : 'Not valid'}: ${result.code} (server time ${result.serverTime.toISOString()})`, { valid: result.valid, code: result.code, serverTime: result.serverTime });
      return result.valid ? 0 : 1;
    }
    case 'status': {
      const status = await client.status();
      const lines = [
        `Activated: ${status.activated ? `yes (${status.deviceId})` : 'no'}`,
        status.fileError ? `License file: unusable — ${status.fileError.message}` : describeFile(status.file),
        `Last check-in: ${status.lastCheckInAt?.toISOString() ?? 'never'}${status.checkInDue ? ' (check-in due)' : ''}`,
      ];
      print(lines.join('\n'), { ...status, fileError: status.fileError && { code: status.fileError.code, message: status.fileError.message } });
      const usable = status.file !== undefined && ['active', 'expired'].includes(status.file.claims.license.state);
      return usable ? 0 : 1;
    }
    case 'deactivate':
      await client.deactivate();
      print('Deactivated: the slot is free and the license file is gone from this device.', { deactivated: true });
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1) {
    (values.help ? process.stdout : process.stderr).write(USAGE);
    return values.help ? 0 : 2;
  }
  const print = (text: string, json: unknown) => process.stdout.write(`${values.json ? JSON.stringify(json, null, 2) : text}\n`);
  try {
    return await run(positionals[0]!, values, print);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`licentia-client: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof LicentiaApiError) {
      const problem = error.problem;
      const devices = Array.isArray(problem.devices) ? `\nDevices you can free:\n${(problem.devices as { id: string; name: string | null; lastCheckInAt: string | null }[]).map((d) => `  ${d.id}  ${d.name ?? '(no name)'}  last check-in ${d.lastCheckInAt ?? 'never'}`).join('\n')}` : '';
      process.stderr.write(`licentia-client: ${problem.code}: ${problem.title ?? ''}${problem.detail ? `\n${problem.detail}` : ''}${devices}\n`);
      if (values.json) process.stdout.write(`${JSON.stringify(problem, null, 2)}\n`);
      return 1;
    }
    if (error instanceof LicentiaClientError || isLicenseFileError(error)) {
      process.stderr.write(`licentia-client: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
