// The routes the vendor's apps call (SPEC §6): activate, check in, validate, deactivate. None
// needs a portal session, so all are public to the access layer and authenticate the device
// here: a product key, an account (API token or session, for a digital license), or the device
// token an activation returned.
import { createSecretKey } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { inTransaction } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { hitRateLimit, refuseIfExhausted, type RateLimit } from '../../limits/rate-limiter.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { productKeyHmacKey } from '../keys/material.ts';
import { signValidationResponse } from '../licenses/license-file.ts';
import { activateDevice, ActivationVelocityExceeded, deactivateDevice, deviceTokenHash, recordVelocityRefusal } from './activation.ts';
import { presentCode, ReactivationCodeRefused, recordCodeRefusal } from '../support/reactivation-codes.ts';
import { outcomeMessage } from './reactivation.ts';
import { licenseForAccount } from './account-seats.ts';
import { issueLicenseFile, type LicenseFileSettings } from './license-files.ts';
import { keyRefusal, licenseOfKey, type LicenseSubject } from './license-subjects.ts';
import { ActivationBody, ActivationResponse, CheckInBody, CheckInResponse, DeactivateBody, ValidateBody, ValidateResponse } from './schemas.ts';
import { findDeviceByTokenHash, recordCheckIn } from './store.ts';
import { judge, licenseLimitSubject, locate, type DeviceCredential } from './validation.ts';
import { issuesLicenseFile } from './validation-codes.ts';

/** Answers carrying a device token or a license decision must not be kept by a proxy. */
const NO_STORE = { 'cache-control': 'no-store' };
const TAGS = ['devices'];

export async function deviceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, secrets, config, signingKeys } = app.ctx;
  const db = database.db;
  const hmacKey = productKeyHmacKey(secrets.derive('product-key-hmac'));
  const fileSettings: LicenseFileSettings = {
    issuer: config.publicUrl,
    refreshAfterSeconds: config.licenseRefreshHours * 3600,
    offlineGraceSeconds: config.licenseOfflineGraceHours * 3600,
  };
  // Keys that find nothing are guesses until proven otherwise: limited per client address,
  // like failed key entries in redemption (only failures count).
  const lookupFailures = (request: FastifyRequest) => ({
    rule: { name: 'license-lookup:address', limit: config.keyEntryFailureLimit, windowSeconds: 600 } satisfies RateLimit,
    subject: request.ip,
  });
  const validationRule: RateLimit = { name: 'validation:license', limit: config.validationLimitPerMinute, windowSeconds: 60 };
  const codeHmacKey = createSecretKey(secrets.derive('reactivation-code-hmac'));
  // Failed reactivation codes, per license and per client address: a code has 73 bits, and
  // this keeps anyone from trying more than a handful of them an hour.
  const codeFailureRules = (request: FastifyRequest, licenseId: string) => {
    const rule = (name: string): RateLimit => ({ name, limit: config.reactivationCodeFailureLimit, windowSeconds: 3600 });
    return [
      { rule: rule('reactivation-code:license'), subject: licenseId },
      { rule: rule('reactivation-code:address'), subject: request.ip },
    ];
  };

  async function subjectOfKey(request: FastifyRequest, key: string): Promise<LicenseSubject> {
    await refuseIfExhausted(db, [lookupFailures(request)], request.now);
    const result = await licenseOfKey(db, hmacKey, key);
    if (result.ok) return result.subject;
    if (result.code === 'NOT_FOUND') await hitRateLimit(db, lookupFailures(request).rule, request.ip, request.now);
    throw keyRefusal(result);
  }

  app.post('/v1/activations', {
    schema: {
      tags: TAGS,
      summary: 'Activate this device on a license: by product key, or by the account of a person holding a seat',
      body: ActivationBody,
      response: { 201: ActivationResponse, 200: ActivationResponse },
    },
    config: { access: access.public() },
  }, async (request, reply) => {
    const body = request.body;
    // Who the license is: read before the transaction (no lock needed to find a key or a seat).
    const { subject, userId } =
      body.key !== undefined ? { subject: await subjectOfKey(request, body.key), userId: null } : await licenseForAccount(db, request.principal, body, request.now);
    const reactivationCode = body.reactivationCode === undefined ? undefined : presentCode(codeHmacKey, body.reactivationCode);
    if (reactivationCode) {
      await refuseIfExhausted(db, codeFailureRules(request, licenseLimitSubject(subject)), request.now);
    }
    try {
      return await runMutation(request, reply, async (tx) => {
        const activation = await activateDevice(
          { tx, dialect: database.dialect, audit: auditContextOf(request) },
          {
            subject,
            fingerprint: body.fingerprint,
            components: body.components,
            name: body.name ?? null,
            velocityPerDay: config.activationVelocityPerDay,
            signedInUserId: userId,
            reactivationCode,
            replacesDeviceId: body.replacesDeviceId,
          },
        );
        const { standing, license, device } = activation;
        const file = await issueLicenseFile(signingKeys, fileSettings, { standing, license, device, language: request.language }, request.now);
        const activeDevices = license.active_devices + (activation.tookSlot ? 1 : 0);
        const change = activation.hardwareChange;
        return {
          status: activation.tookSlot || activation.created ? 201 : 200,
          headers: NO_STORE,
          body: {
            device: { id: device.id, name: device.name, fingerprint: device.fingerprint, activatedAt: device.activated_at, lastCheckInAt: device.last_check_in_at },
            deviceToken: activation.deviceToken,
            licenseFile: file.jws,
            license: { id: license.id, kind: subject.kind, planId: standing.plan.id, state: standing.state, endsOn: standing.endsOn, deviceLimit: standing.deviceLimit, activeDevices },
            hardwareChange: change && { ...change, message: outcomeMessage(change.outcome, request.language) },
          },
        };
      });
    } catch (error) {
      if (error instanceof ActivationVelocityExceeded) await inTransaction(db, (tx) => recordVelocityRefusal(tx, auditContextOf(request), error));
      if (error instanceof ReactivationCodeRefused) await inTransaction(db, (tx) => recordCodeRefusal(tx, auditContextOf(request), error, codeFailureRules(request, licenseLimitSubject(subject))));
      throw error;
    }
  });

  app.post('/v1/devices/check-in', {
    schema: {
      tags: TAGS,
      summary: 'Check in: a fresh license file (renewals and cancellations arrive here) and a signed validation',
      body: CheckInBody,
      response: { 200: CheckInResponse },
    },
    config: { access: access.public() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { deviceToken, fingerprint, nonce } = request.body;
      const located = await locate(tx, hmacKey, { deviceToken });
      if (!located.found) throw new DomainError('DEVICE_TOKEN_INVALID');
      const judgement = await judge(tx, located, fingerprint, request.now, request.body.components);
      const { facts, verdict, standing, license, device } = judgement;
      let licenseFile: string | null = null;
      if (issuesLicenseFile(facts, verdict) && standing && license && device) {
        await recordCheckIn(tx, device, request.body.components, request.now);
        licenseFile = (await issueLicenseFile(signingKeys, fileSettings, { standing, license, device, language: request.language }, request.now)).jws;
      }
      const signed = await signValidationResponse(
        signingKeys,
        { issuer: fileSettings.issuer, nonce, valid: verdict.valid, code: verdict.code, deviceFingerprint: fingerprint, ...(license ? { licenseId: license.id } : {}) },
        request.now,
      );
      return { status: 200, headers: NO_STORE, body: { valid: verdict.valid, code: verdict.code, serverTime: signed.claims.server_time, signed: signed.jws, licenseFile } };
    }),
  );

  app.post('/v1/licenses/validate', {
    schema: {
      tags: TAGS,
      summary: 'Validate a license online: { valid, code } as data (an invalid license is not an HTTP error), signed',
      body: ValidateBody,
      response: { 200: ValidateResponse },
    },
    config: { access: access.public() },
  }, async (request, reply) => {
    const { key, deviceToken, fingerprint, nonce } = request.body;
    if ((key === undefined) === (deviceToken === undefined)) {
      const pointer = key === undefined ? '/key' : '/deviceToken';
      throw new DomainError('VALIDATION_FAILED', {
        summary: 'body must have exactly one of key and deviceToken',
        errors: [{ location: 'body', pointer, message: 'send exactly one of key and deviceToken' }],
      });
    }
    const credential: DeviceCredential = key !== undefined ? { key } : { deviceToken: deviceToken! };
    // Keys can be guessed (the check characters narrow it, the limit stops it); 256-bit device
    // tokens cannot, so they skip the per-address count.
    if (key !== undefined) await refuseIfExhausted(db, [lookupFailures(request)], request.now);
    const located = await locate(db, hmacKey, credential);
    if (!located.found && located.code === 'NOT_FOUND') {
      if (key !== undefined) await hitRateLimit(db, lookupFailures(request).rule, request.ip, request.now);
    } else if (located.found) {
      // Per license, every validation counts: a runaway loop or a scripted prober stops here.
      const limited = await hitRateLimit(db, validationRule, licenseLimitSubject(located.subject), request.now);
      if (!limited.allowed) throw new DomainError('RATE_LIMITED', { retryAfterSeconds: limited.retryAfterSeconds });
    }
    const { verdict, license } = await judge(db, located, fingerprint, request.now);
    reply.headers(NO_STORE);
    if (request.body.signed === false) {
      // The app trusts TLS for this answer: no signature, which is most of what an answer costs
      // beyond reading the license.
      return { valid: verdict.valid, code: verdict.code, serverTime: new Date(request.now.epochMilliseconds).toISOString(), nonce };
    }
    const signed = await signValidationResponse(
      signingKeys,
      { issuer: fileSettings.issuer, nonce, valid: verdict.valid, code: verdict.code, deviceFingerprint: fingerprint, ...(license ? { licenseId: license.id } : {}) },
      request.now,
    );
    return { valid: verdict.valid, code: verdict.code, serverTime: signed.claims.server_time, nonce, signed: signed.jws };
  });

  app.post('/v1/devices/deactivate', {
    schema: {
      tags: TAGS,
      summary: 'Deactivate this device (frees its slot; deactivating again changes nothing)',
      body: DeactivateBody,
      response: { 204: Type.Null() },
    },
    config: { access: access.public() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const hash = deviceTokenHash(request.body.deviceToken);
      const device = hash === undefined ? undefined : await findDeviceByTokenHash(tx, hash);
      if (!device) throw new DomainError('DEVICE_TOKEN_INVALID');
      await deactivateDevice({ tx, dialect: database.dialect, audit: auditContextOf(request) }, device, 'device');
      return { status: 204, body: null };
    }),
  );
}
