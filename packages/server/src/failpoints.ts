// Test-only failpoints: named places in the code where a test can make the process pause or die,
// to prove that nothing is half-done after a crash. Off unless LICENTIA_FAILPOINTS names them
// ("name=crash,other=delay:500") or a test installs a handler in-process.
type Handler = () => Promise<void> | void;

export class Failpoints {
  readonly #handlers = new Map<string, Handler>();

  static fromEnvironment(value: string | undefined): Failpoints {
    const failpoints = new Failpoints();
    for (const spec of (value ?? '').split(',').filter(Boolean)) {
      const [name, action = 'crash'] = spec.split('=');
      if (!name) continue;
      if (action === 'crash') {
        failpoints.set(name, () => {
          process.kill(process.pid, 'SIGKILL');
        });
      } else if (action.startsWith('delay:')) {
        const ms = Number(action.slice('delay:'.length));
        failpoints.set(name, () => new Promise((resolve) => setTimeout(resolve, ms)));
      } else {
        throw new Error(`unknown failpoint action "${action}" for ${name}`);
      }
    }
    return failpoints;
  }

  set(name: string, handler: Handler): void {
    this.#handlers.set(name, handler);
  }

  clear(name: string): void {
    this.#handlers.delete(name);
  }

  async hit(name: string): Promise<void> {
    const handler = this.#handlers.get(name);
    if (handler) await handler();
  }
}
