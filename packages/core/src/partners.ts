// Public entry for the partner rules (SPEC §7): partner IDs and delegated administration. Pure:
// `today` is always a parameter.
export * from './partners/partner-id.ts';
export * from './partners/delegation.ts';
