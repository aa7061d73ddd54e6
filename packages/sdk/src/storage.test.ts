import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileStorage, MemoryStorage } from './storage.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licentia-sdk-storage-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('MemoryStorage', () => {
  it('gets what was set', () => {
    const storage = new MemoryStorage();
    assert.equal(storage.get('a'), undefined);
    storage.set('a', '1');
    assert.equal(storage.get('a'), '1');
  });
});

describe('FileStorage', () => {
  it('round-trips values through a 0600 JSON file, creating the directory', async () => {
    const path = join(dir, 'nested', 'state.json');
    const storage = new FileStorage(path);
    assert.equal(await storage.get('x'), undefined);
    await storage.set('x', 'one');
    await storage.set('y', 'two');
    assert.equal(await new FileStorage(path).get('x'), 'one');
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { x: 'one', y: 'two' });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('loses no write when many are issued at once', async () => {
    const storage = new FileStorage(join(dir, 'concurrent.json'));
    await Promise.all(Array.from({ length: 30 }, (_, i) => storage.set(`k${i}`, String(i))));
    for (let i = 0; i < 30; i++) assert.equal(await storage.get(`k${i}`), String(i));
  });

  it('reads a damaged file as empty, and can write over it', async () => {
    const path = join(dir, 'damaged.json');
    await writeFile(path, '{ not json');
    const storage = new FileStorage(path);
    assert.equal(await storage.get('x'), undefined);
    await storage.set('x', '1');
    assert.equal(await storage.get('x'), '1');
  });

  it('keeps a key named __proto__ as an ordinary key', async () => {
    const storage = new FileStorage(join(dir, 'proto.json'));
    await storage.set('__proto__', 'p');
    assert.equal(await storage.get('__proto__'), 'p');
  });
});
