// Repairs (SPEC §6, second half): the hardware-change table, the reactivation advisor,
// hardware identifiers and reactivation codes. Pure: no I/O, no clock.
export * from './repairs/hardware-change.ts';
export * from './repairs/messages.ts';
export * from './repairs/advisor.ts';
export * from './repairs/identifiers.ts';
export * from './repairs/reactivation-code.ts';
