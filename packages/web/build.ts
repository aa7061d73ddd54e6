// Builds the portal into packages/web/dist, which the server serves at `/`. With --if-stale it
// builds only when the sources changed since the last build (a hash of every input, kept in
// dist/.source-hash), so `npm start` and the browser tests cost a build only after a change.
// The new bundle is written beside the old one and swapped in by renames: a running server or a
// concurrent reader never sees half a bundle.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(WEB, '../..');
export const DIST = join(WEB, 'dist');
const STAMP = '.source-hash';

/** What the bundle is made of: the portal's sources, the core rules it bundles, the lock file. */
const INPUTS = [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(WEB, 'package.json'), join(ROOT, 'packages/core/src'), join(ROOT, 'package-lock.json')];

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => [...files(input)]).sort()) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function* files(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path)) {
    if (!entry.endsWith('.test.ts')) yield* files(join(path, entry));
  }
}

export function isBuildFresh(): boolean {
  const stamp = join(DIST, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceHash();
}

/** Builds the portal; with `ifStale`, only when its sources changed. Says what it did. */
export async function buildPortal(options: { ifStale?: boolean } = {}): Promise<'fresh' | 'built'> {
  if (options.ifStale && isBuildFresh()) return 'fresh';
  const hash = sourceHash();
  const { build } = await import('vite');
  const staging = `${DIST}.building-${process.pid}`;
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
  writeFileSync(join(staging, STAMP), hash);
  const retired = `${DIST}.retired-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, retired);
  renameSync(staging, DIST);
  rmSync(retired, { recursive: true, force: true });
  return 'built';
}

if (import.meta.main) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    const outcome = await buildPortal({ ifStale });
    if (outcome === 'built') console.log(`Built the portal into ${relative(process.cwd(), DIST) || DIST}.`);
  } catch (error) {
    // `npm install --omit=dev` leaves Vite out: the API still starts, and `/` says how to build.
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes("'vite'")) {
      console.warn('The portal was not built: Vite is not installed (npm install, then npm run build:web).');
    } else {
      throw error;
    }
  }
}
