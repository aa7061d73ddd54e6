// The portal's built files (packages/web/dist), read once when the server starts and kept in
// memory with their validators and a gzip copy: the bundle is small (a few hundred kB) and
// never changes while the process runs; a new build is served from the next start.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PortalFile {
  body: Buffer;
  /** The same, gzipped, where that is worth it. */
  gzipped: Buffer | undefined;
  contentType: string;
  etag: string;
  cacheControl: string;
}

export type PortalBundle = ReadonlyMap<string, PortalFile>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);
/** Vite names what it emits under /assets by content hash: such a URL never changes content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all) is revalidated on every use, so a deploy shows at once. */
const REVALIDATE = 'no-cache';

/** The built portal in `dir`, by URL path (`/index.html`, `/assets/…`); undefined when not built. */
export function loadPortalBundle(dir: string): PortalBundle | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, PortalFile>();
  for (const path of walk(dir)) {
    const urlPath = '/' + relative(dir, path).split(sep).join('/');
    const extension = extname(path);
    const body = readFileSync(path);
    files.set(urlPath, {
      body,
      gzipped: COMPRESSIBLE.has(extension) && body.length > 1024 ? gzipSync(body) : undefined,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      cacheControl: urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
    });
  }
  return files;
}

/** Every file below `dir`, except dotfiles (the build's source stamp is not for browsers). */
function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
