// A real `licentia serve` child for the benchmarks that load one over HTTP, with its process id
// (the server itself: node runs the CLI directly, no npm or shell in between, so /proc/<pid> is
// the server's), and a mixed load from autocannon that keeps latency and status per kind of
// request.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { CLI_MAIN, REPO_ROOT, cliEnv } from '../../packages/server/test/support/server-process.ts';

export interface BenchServer {
  url: string;
  pid: number;
  /** What it wrote to stderr (warnings and errors: it runs at LOG_LEVEL warn). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `licentia serve` with the workers on (as in production) unless `env` says otherwise,
 * and with the limits that would refuse a load test's traffic raised out of the way: they are
 * still counted on every request.
 */
export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [CLI_MAIN, 'serve'], {
    cwd: REPO_ROOT,
    env: cliEnv({
      HOST: '127.0.0.1',
      PORT: String(port),
      LICENTIA_PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      LICENTIA_VALIDATION_LIMIT_PER_MINUTE: '10000000',
      LICENTIA_ACTIVATION_VELOCITY_PER_DAY: '1000000',
      ...env,
    }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`licentia serve exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (attempt === 1200) throw new Error(`licentia serve did not become ready: ${stderr}`);
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Memory {
  /** VmRSS: resident memory, MB (2^20 bytes). */
  rss: number;
  /** Of which anonymous (the JavaScript heap, SQLite's page cache, buffers)… */
  anon: number;
  /** …and file-backed (code, and a memory-mapped database if any). */
  file: number;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, file: (kb('RssFile') + kb('RssShmem')) / 1024 };
}

export interface RequestKind {
  name: string;
  path: string;
  /** Share of the requests (any positive weights; they are normalized). */
  weight: number;
  headers?: Record<string, string>;
  body(): string;
  /** The status a correct answer has (200, 201). */
  expected: number;
}

export interface KindResult {
  name: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  mean: number;
  /** Answers with another status than `expected`. */
  unexpected: number;
  statuses: Record<number, number>;
}

export interface LoadResult {
  seconds: number;
  perSecond: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  kinds: KindResult[];
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * `connections` clients, each sending one request at a time, its kind drawn by weight. The
 * kind of each request travels in autocannon's per-connection context, which is still the
 * answered request's when the response event fires (the next request is built after it).
 */
export async function mixedLoad(url: string, kinds: readonly RequestKind[], options: { connections: number; seconds: number; onTick?: () => void }): Promise<LoadResult> {
  const total = kinds.reduce((sum, kind) => sum + kind.weight, 0);
  const pick = () => {
    let draw = Math.random() * total;
    for (const kind of kinds) if ((draw -= kind.weight) < 0) return kind;
    return kinds[kinds.length - 1]!;
  };
  const latencies = kinds.map(() => [] as number[]);
  const statuses = kinds.map(() => ({}) as Record<number, number>);
  const index = new Map(kinds.map((kind, i) => [kind.name, i]));
  // Without a callback autocannon returns its event emitter, made thenable (the types know one or the other).
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const kind = pick();
          (context as { kind?: string }).kind = kind.name;
          return { ...request, path: kind.path, headers: { 'content-type': 'application/json', ...kind.headers }, body: kind.body() };
        },
      },
    ],
  });
  (instance as unknown as import('node:events').EventEmitter).on('response', (client: { requestIterator?: { context?: { kind?: string } } }, status: number, _bytes: number, time: number) => {
    const i = index.get(client.requestIterator?.context?.kind ?? '');
    if (i === undefined) return;
    latencies[i]!.push(time);
    statuses[i]![status] = (statuses[i]![status] ?? 0) + 1;
  });
  const tick = options.onTick ? setInterval(options.onTick, 1000) : undefined;
  const result = await instance;
  if (tick) clearInterval(tick);
  const seconds = result.duration;
  return {
    seconds,
    perSecond: result.requests.total / seconds,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    kinds: kinds.map((kind, i) => {
      const sorted = Float64Array.from(latencies[i]!).sort();
      const requests = sorted.length;
      return {
        name: kind.name,
        requests,
        perSecond: requests / seconds,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        mean: requests ? sorted.reduce((a, b) => a + b, 0) / requests : NaN,
        unexpected: requests - (statuses[i]![kind.expected] ?? 0),
        statuses: statuses[i]!,
      };
    }),
  };
}
