// A real `licentia serve` in a child process: for tests that need several server processes on
// one database, or that kill a server and start it again.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CLI_MAIN = join(REPO_ROOT, 'packages/server/src/cli/main.ts');
/**
 * How long a test waits for a child to reach a point (listening, a crash) before it gives up
 * with the child's output. Well below the suite's 300 s test timeout, well above what a child
 * needs on a loaded two-core CI machine, where a boot has been seen to take most of a minute.
 */
export const CHILD_GUARD_MS = 180_000;

/** The environment of a CLI child: this process's, minus the settings a test must choose. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'LC_ALL', 'LC_MESSAGES', 'LICENTIA_SECRET', 'LICENTIA_FAILPOINTS', 'PORT', 'HOST', 'LICENTIA_ADMIN_EMAIL']) {
    delete env[name];
  }
  return { ...env, LANG: 'en_US.UTF-8', ...extra };
}

/** What a finished `licentia` command printed, and its exit status. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Each run of the CLI costs about a second of CPU: at most one per core at a time.
const MAX_RUNNING = Math.max(1, availableParallelism());
let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `licentia <args>` to completion, the way an operator runs it (asynchronously, so independent runs overlap). */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return slot(
    () =>
      new Promise((resolve, reject) => {
        execFile(process.execPath, [CLI_MAIN, ...args], { cwd: REPO_ROOT, env: cliEnv(env), encoding: 'utf8', timeout: CHILD_GUARD_MS }, (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') return reject(error);
          resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
        });
      }),
  );
}

/** A run for an assertion's message. */
export const showRun = (run: CliRun) => `exit ${run.status}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr}`;

export interface Served {
  stdout(): string;
  stderr(): string;
  /** Resolves with the match once stdout matches; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with the base URL once the server listens. */
  listening(): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The child's process id (for a cluster, its primary's). */
  readonly pid: number;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `licentia serve [args]` (e.g. `--processes 2`) with this environment. */
export function startServe(env: Record<string, string>, args: readonly string[] = []): Served {
  const child: ChildProcess = spawn(process.execPath, [CLI_MAIN, 'serve', ...args], {
    cwd: REPO_ROOT,
    env: cliEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      // A guard against a server that never starts, not a pause: the test moves on as soon
      // as the line appears.
      const guard = setTimeout(() => done(new Error(`timed out waiting for ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`)), CHILD_GUARD_MS);
      const check = () => {
        const match = pattern.exec(stdout);
        if (match) done(undefined, match);
        else if (hasExited || child.exitCode !== null) done(new Error(`serve exited before ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`));
      };
      const done = (error?: Error, match?: RegExpExecArray) => {
        clearTimeout(guard);
        listeners.delete(check);
        if (error) reject(error);
        else resolve(match!);
      };
      listeners.add(check);
      check();
    });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor,
    async listening() {
      const match = await waitFor(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      return match[1]!;
    },
    exited,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
