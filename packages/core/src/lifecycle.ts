// Public entry for subscription lifecycle rules: terms, states, renewal, auto-renew,
// cancellation windows, prorations, coterminous purchases, reminders. Pure: `today`/`now`
// are always parameters (read the clock once, at the edge).
export * from './lifecycle/terms.ts';
export * from './lifecycle/policy.ts';
export * from './lifecycle/local-time.ts';
export * from './lifecycle/state.ts';
export * from './lifecycle/renewal.ts';
export * from './lifecycle/auto-renew.ts';
export * from './lifecycle/windows.ts';
export * from './lifecycle/proration.ts';
export * from './lifecycle/coterminous.ts';
export * from './lifecycle/reminders.ts';
