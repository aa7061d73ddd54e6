// The lazy command table names each command exactly as the command names itself, so that
// `licentia <name>` finds it and the overview lists it under the name it answers to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMAND_LOADERS, loadCommand } from './registry.ts';

test('each key of the command table is the name of the command it loads', async () => {
  for (const name of Object.keys(COMMAND_LOADERS)) assert.equal((await loadCommand(name)).name, name);
});

test('no two commands share a name, and every name is made of lower-case words', () => {
  const names = Object.keys(COMMAND_LOADERS);
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.match(name, /^[a-z-]+( [a-z-]+)*$/);
});
