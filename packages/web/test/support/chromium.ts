// The browser the portal's end-to-end tests drive: Debian's Chromium, installed with apt-get
// where it is missing (CI machines start without it; playwright-core never downloads a browser
// of its own, and this network would refuse it). Idempotent: a present browser costs one stat.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** The browser, and a Japanese font so that screenshots of the Japanese portal are legible. */
const PACKAGES = ['chromium', 'fonts-ipafont-gothic'];
const JAPANESE_FONT = '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf';

export function ensureChromium(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (existsSync(CHROMIUM_PATH) && existsSync(JAPANESE_FONT)) return;
  log(`Installing ${PACKAGES.join(', ')} for the portal's browser tests (apt-get, once per machine)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium, yet ${CHROMIUM_PATH} is missing`);
}

if (import.meta.main) ensureChromium();
