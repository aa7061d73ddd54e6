// Device fingerprints and component hashes, made on the device so that no raw identifier (a
// machine id, a disk serial, a MAC address) ever leaves it.
//
// The fingerprint is HMAC-SHA256 keyed by the machine id over an app id, as systemd recommends
// for application-specific machine ids (sd_id128_get_machine_app_specific): stable for the
// machine, but two vendors' apps get unlinkable values, and the machine id cannot be recovered.
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { HardwareComponentHashes } from './api-types.ts';

const MACHINE_ID_PATHS = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

/** base64url of SHA-256 over a scope and a raw identifier (43 characters). */
export function hashIdentifier(value: string, scope = 'licentia'): string {
  return createHash('sha256').update(`${scope}\u0000${value.trim()}`).digest('base64url');
}

/** Hashes raw component identifiers; components not given are left out. */
export function hashComponents(raw: { [K in keyof HardwareComponentHashes]?: string | undefined }, scope = 'licentia'): HardwareComponentHashes {
  const hashed: HardwareComponentHashes = {};
  for (const name of ['board', 'disk', 'osInstall', 'cpu', 'mac'] as const) {
    const value = raw[name];
    if (value !== undefined && value.trim() !== '') hashed[name] = hashIdentifier(value, `${scope}:${name}`);
  }
  return hashed;
}

/** The machine id (systemd's /etc/machine-id), or undefined where there is none. */
export async function readMachineId(paths: readonly string[] = MACHINE_ID_PATHS): Promise<string | undefined> {
  for (const path of paths) {
    try {
      const id = (await readFile(path, 'utf8')).trim();
      if (id !== '') return id;
    } catch {
      // Not on this system: try the next place.
    }
  }
  return undefined;
}

/** This machine's fingerprint for one app: HMAC-SHA256(machine id, app id), base64url. */
export function machineFingerprint(machineId: string, appId: string): string {
  return createHmac('sha256', machineId.trim()).update(`licentia-fingerprint:${appId}`).digest('base64url');
}
