// Before the test files run (scripts/test.ts calls this once, outside any test's time limit):
// Chromium for the portal's browser tests, installed with apt-get where it is missing, and the
// portal built if its sources changed. Both are idempotent; the browser tests call them again.
import { buildPortal } from '../build.ts';
import { ensureChromium } from './support/chromium.ts';

ensureChromium();
if ((await buildPortal({ ifStale: true })) === 'built') console.log('Built the portal for its browser tests.');
