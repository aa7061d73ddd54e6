import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hashComponents, hashIdentifier, machineFingerprint, readMachineId } from './fingerprint.ts';

const HASH = /^[A-Za-z0-9_-]{43}$/;

describe('fingerprints and component hashes', () => {
  it('a machine fingerprint is stable per app, differs between apps, and hides the machine id', () => {
    const id = '0123456789abcdef0123456789abcdef';
    assert.match(machineFingerprint(id, 'app-a'), HASH);
    assert.equal(machineFingerprint(`${id}\n`, 'app-a'), machineFingerprint(id, 'app-a'));
    assert.notEqual(machineFingerprint(id, 'app-a'), machineFingerprint(id, 'app-b'));
    assert.ok(!machineFingerprint(id, 'app-a').includes(id));
  });

  it('components are hashed one by one, each in its own scope; missing ones are left out', () => {
    const hashed = hashComponents({ board: 'SERIAL-1', mac: '00:1A:2B:3C:4D:5E', disk: ' ', cpu: undefined });
    assert.deepEqual(Object.keys(hashed), ['board', 'mac']);
    assert.match(hashed.board!, HASH);
    assert.notEqual(hashComponents({ disk: 'SERIAL-1' }).disk, hashed.board, 'the same value in another slot hashes differently');
    assert.equal(hashIdentifier(' x '), hashIdentifier('x'));
  });

  it('reads the first machine id that exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'licentia-machine-id-'));
    try {
      writeFileSync(join(dir, 'b'), 'abc\n');
      assert.equal(await readMachineId([join(dir, 'a'), join(dir, 'b')]), 'abc');
      assert.equal(await readMachineId([join(dir, 'a')]), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
