// The validation benchmark's second baseline (bench/validation.ts): the least a signed online
// validation can cost in Node, written by hand, in its own process. node:http, no framework:
// read and parse the JSON body, look the device up by the HMAC-SHA256 of its token in an
// in-memory Map (the same devices as the server's), compare the fingerprint, sign the answer as
// a compact JWS with Ed25519 (node:crypto) carrying the same claims as the server's
// (`license-validation+jwt`: iss, iat, server_time, jti, nonce, valid, code, sub, aud), and
// answer the same JSON shape. No database, no schema validation, no rate limit, no logging.
//
//   PORT=… MINIMAL_DEVICES_FILE=devices.json node bench/support/minimal-validation-server.ts
//
// The devices file is a JSON array of { deviceToken, fingerprint, licenseId }.
import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

interface Device {
  deviceToken: string;
  fingerprint: string;
  licenseId: string;
}

const hmacKey = randomBytes(32);
const tokenHash = (token: string) => createHmac('sha256', hmacKey).update(token).digest('base64url');
const devices = new Map<string, { fingerprint: string; licenseId: string }>();
for (const device of JSON.parse(readFileSync(process.env.MINIMAL_DEVICES_FILE!, 'utf8')) as Device[]) {
  devices.set(tokenHash(device.deviceToken), { fingerprint: device.fingerprint, licenseId: device.licenseId });
}

const { privateKey } = generateKeyPairSync('ed25519');
const issuer = `http://127.0.0.1:${process.env.PORT}`;
const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: randomBytes(16).toString('base64url'), typ: 'license-validation+jwt' })).toString('base64url');

function signedAnswer(claims: Record<string, unknown>): string {
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let body: { deviceToken?: unknown; fingerprint?: unknown; nonce?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"VALIDATION_FAILED"}');
      return;
    }
    if (typeof body.deviceToken !== 'string' || typeof body.fingerprint !== 'string' || typeof body.nonce !== 'string') {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"VALIDATION_FAILED"}');
      return;
    }
    const device = devices.get(tokenHash(body.deviceToken));
    const code = !device ? 'NOT_FOUND' : device.fingerprint === body.fingerprint ? 'VALID' : 'FINGERPRINT_MISMATCH';
    const now = Date.now();
    const serverTime = new Date(now).toISOString();
    const claims: Record<string, unknown> = {
      iss: issuer, iat: Math.floor(now / 1000), server_time: serverTime, jti: randomUUID(), nonce: body.nonce, valid: code === 'VALID', code,
      ...(device ? { sub: device.licenseId } : {}), aud: body.fingerprint,
    };
    const answer = JSON.stringify({ valid: code === 'VALID', code, serverTime, nonce: body.nonce, signed: signedAnswer(claims) });
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(answer);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
