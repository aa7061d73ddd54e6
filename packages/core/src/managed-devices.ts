// Managed devices (SPEC §6): the rule deciding "managed", and the compliance count. Pure.
export * from './managed-devices/rule.ts';
export * from './managed-devices/compliance.ts';
