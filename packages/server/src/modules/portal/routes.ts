// The portal (packages/web) at `/`: its built files, and index.html for every other page path
// so that the browser's own router shows it (a bookmarked /o/…/subscriptions works). API paths
// never fall back to the page: an unknown /v1/… answers the API's problem details as before.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access } from '../../auth/access.ts';
import { sendProblem } from '../../http/problem.ts';
import { loadPortalBundle, type PortalFile } from './bundle.ts';
import { portalSettingsRoutes } from './settings-routes.ts';

/** The portal's routes: not API operations, so hidden from the OpenAPI document. */
export const PORTAL_ROUTE_URLS = ['/', '/*'] as const;

/** Paths that belong to the API and the server's own pages, never to the portal. */
const SERVER_PREFIXES = ['/v1/', '/v1', '/docs', '/openapi.json', '/healthz', '/readyz', '/.well-known/'];

/**
 * The portal loads only its own files and talks only to its own origin. No inline script or
 * style at all, so an injected one never runs; no framing (clickjacking); no <base> tricks.
 */
export const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Licentia</title></head>
<body><main>
<h1 lang="ja">ポータルがまだビルドされていません</h1>
<p lang="ja"><code>npm run build:web</code> を実行してからサーバーを再起動してください（<code>npm start</code> は自動でビルドします）。API は <a href="/docs">/docs</a> で利用できます。</p>
<h1 lang="en">The portal has not been built</h1>
<p lang="en">Run <code>npm run build:web</code> and restart the server (<code>npm start</code> builds it for you). The API works: see <a href="/docs">/docs</a>.</p>
</main></body></html>
`;

export async function portalRoutes(app: FastifyInstance): Promise<void> {
  const bundle = loadPortalBundle(app.ctx.config.portalDir);
  if (!bundle) app.log.warn({ portalDir: app.ctx.config.portalDir }, 'the portal is not built (npm run build:web): / explains how');

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix))) {
      return sendProblem(request, reply, 'ROUTE_NOT_FOUND', { method: request.method, path });
    }
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    if (!bundle) {
      return reply.code(404).header('content-security-policy', PORTAL_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    const file = bundle.get(path);
    if (file) return sendFile(request, reply, file);
    // A missing file (its last segment has a dot) is a 404, not the page: a browser would run
    // HTML as a script. Page paths are words and ids, which never hold a dot.
    if (/\/[^/]*\.[^/]*$/.test(path) || path.startsWith('/assets/')) {
      return sendProblem(request, reply, 'ROUTE_NOT_FOUND', { method: request.method, path });
    }
    return sendFile(request, reply, bundle.get('/index.html')!);
  };

  const options = { schema: { hide: true }, config: { access: access.public() } };
  for (const url of PORTAL_ROUTE_URLS) app.get(url, options, handler);
  await app.register(portalSettingsRoutes);
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: PortalFile): FastifyReply {
  reply.header('etag', file.etag).header('cache-control', file.cacheControl).header('vary', 'accept-encoding');
  if (file.contentType.startsWith('text/html')) reply.header('content-security-policy', PORTAL_CSP);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  reply.type(file.contentType);
  if (file.gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    return reply.header('content-encoding', 'gzip').send(file.gzipped);
  }
  return reply.send(file.body);
}
