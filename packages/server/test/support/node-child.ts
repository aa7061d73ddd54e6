// Runs a Node script in a child process (Node 24, like the suite) and resolves with what it
// printed: for tests of what several processes starting at once do to shared files.
import { spawn } from 'node:child_process';

export function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

/**
 * A script for `node --input-type=module -e` that waits for the same instant as its siblings
 * (the last two arguments are a directory and that instant), then prints what `body` computes
 * from `dir`. Busy-waiting is deliberate: it lines the processes up as closely as possible.
 */
export function simultaneousScript(imports: string, body: string): string {
  return `
    ${imports}
    const [dir, startAt] = process.argv.slice(-2);
    while (Date.now() < Number(startAt)) {}
    console.log(${body});`;
}
