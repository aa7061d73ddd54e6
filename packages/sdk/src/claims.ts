// The payloads the server signs, as the client sees them. The SDK cannot import the server
// (apps ship it without the server), so the layout is written down again here; an interop test
// on the server side checks that both definitions stay assignable to each other.
//
// License file (typ `license+jwt`): NumericDate seconds for iat, nbf, refresh_by, exp.
//   refresh_by  when the app should check in for a fresh file (still valid after it)
//   exp         hard expiry: invalid offline from then on
// Validation response (typ `license-validation+jwt`): the server time and the client's nonce.
//
// Shape checks run only after the signature verified: they catch a server that signs
// something unexpected, never an attacker (who cannot produce a valid signature).
import type { SubscriptionState } from '@licentia/core/lifecycle';
import { LicenseFileError } from './errors.ts';

export const LICENSE_FILE_TYP = 'license+jwt';
export const VALIDATION_RESPONSE_TYP = 'license-validation+jwt';

export interface LicensePlanClaim {
  id: string;
  name: string;
}

export interface LicenseClaim {
  id: string;
  key_last5?: string;
  plan: LicensePlanClaim;
  entitlements: string[];
  seats?: number;
  /** Civil date `YYYY-MM-DD`: the subscription's end date. */
  ends_on: string;
  /** The subscription's state when the file was issued. */
  state: SubscriptionState;
}

export interface DeviceClaim {
  id: string;
  fingerprint: string;
}

export interface LicenseFileClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  nbf: number;
  exp: number;
  refresh_by: number;
  jti: string;
  license: LicenseClaim;
  device: DeviceClaim;
}

export interface ValidationResponseClaims {
  iss: string;
  iat: number;
  server_time: string;
  jti: string;
  nonce: string;
  valid: boolean;
  code: string;
  sub?: string;
  aud?: string;
}

// Written out rather than imported as a value so the SDK does not load the lifecycle rules
// (and their date library) just to check one string; `satisfies` keeps the two in step.
const STATES = ['active', 'expired', 'disabled', 'deleted', 'cancelled'] as const satisfies readonly SubscriptionState[];
// …and fails to compile when core adds a state this list lacks.
const STATES_COMPLETE: [Exclude<SubscriptionState, (typeof STATES)[number]>] extends [never] ? true : false = true;
void STATES_COMPLETE;

type Json = Record<string, unknown>;

function malformed(what: string): never {
  throw new LicenseFileError('MALFORMED', `signed payload: ${what}`);
}

function object(value: unknown, name: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(`${name} is not an object`);
  return value as Json;
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) malformed(`${name} is not a non-empty string`);
  return value as string;
}

function seconds(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) malformed(`${name} is not a NumericDate`);
  return value as number;
}

export function parseLicenseFileClaims(payload: unknown): LicenseFileClaims {
  const p = object(payload, 'payload');
  const l = object(p.license, 'license');
  const plan = object(l.plan, 'license.plan');
  const d = object(p.device, 'device');
  if (!Array.isArray(l.entitlements)) malformed('license.entitlements is not an array');
  const entitlements = (l.entitlements as unknown[]).map((e, i) => text(e, `license.entitlements[${i}]`));
  const state = text(l.state, 'license.state');
  if (!(STATES as readonly string[]).includes(state)) malformed(`license.state "${state}" is unknown`);
  const license: LicenseClaim = {
    id: text(l.id, 'license.id'),
    plan: { id: text(plan.id, 'license.plan.id'), name: text(plan.name, 'license.plan.name') },
    entitlements,
    ends_on: text(l.ends_on, 'license.ends_on'),
    state: state as SubscriptionState,
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(license.ends_on)) malformed('license.ends_on is not YYYY-MM-DD');
  if (l.key_last5 !== undefined) license.key_last5 = text(l.key_last5, 'license.key_last5');
  if (l.seats !== undefined) {
    if (!Number.isSafeInteger(l.seats) || (l.seats as number) < 1) malformed('license.seats is not a positive integer');
    license.seats = l.seats as number;
  }
  const claims: LicenseFileClaims = {
    iss: text(p.iss, 'iss'),
    sub: text(p.sub, 'sub'),
    aud: text(p.aud, 'aud'),
    iat: seconds(p.iat, 'iat'),
    nbf: seconds(p.nbf, 'nbf'),
    exp: seconds(p.exp, 'exp'),
    refresh_by: seconds(p.refresh_by, 'refresh_by'),
    jti: text(p.jti, 'jti'),
    license,
    device: { id: text(d.id, 'device.id'), fingerprint: text(d.fingerprint, 'device.fingerprint') },
  };
  // The redundant pairs must agree, or a verifier that reads one of them (a generic JOSE
  // library reads `aud` and `sub`) would decide differently from one that reads the other.
  if (claims.sub !== license.id) malformed('sub differs from license.id');
  if (claims.aud !== claims.device.fingerprint) malformed('aud differs from device.fingerprint');
  if (!(claims.nbf <= claims.refresh_by && claims.refresh_by <= claims.exp)) malformed('times out of order');
  return claims;
}

export function parseValidationResponseClaims(payload: unknown): ValidationResponseClaims {
  const p = object(payload, 'payload');
  if (typeof p.valid !== 'boolean') malformed('valid is not a boolean');
  const claims: ValidationResponseClaims = {
    iss: text(p.iss, 'iss'),
    iat: seconds(p.iat, 'iat'),
    server_time: text(p.server_time, 'server_time'),
    jti: text(p.jti, 'jti'),
    nonce: text(p.nonce, 'nonce'),
    valid: p.valid as boolean,
    code: text(p.code, 'code'),
  };
  const serverTime = Date.parse(claims.server_time);
  if (Number.isNaN(serverTime) || Math.floor(serverTime / 1000) !== claims.iat) malformed('server_time does not match iat');
  if (p.sub !== undefined) claims.sub = text(p.sub, 'sub');
  if (p.aud !== undefined) claims.aud = text(p.aud, 'aud');
  return claims;
}
