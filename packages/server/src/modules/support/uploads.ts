// Uploaded files of support cases (receipts, repair completion reports). Transport: JSON with
// the file's bytes in standard base64 ("contentBase64") and the media type the uploader claims
// ("mediaType"), like every other body of the API (no second body format to secure). The type
// that counts is the one the first bytes show (JPEG, PNG or PDF), and the claim must agree with
// it: a renamed executable or an HTML page is refused whatever it says it is. Every check runs
// before anything is written, so a refused file leaves nothing behind.
import { createHash } from 'node:crypto';
import { DomainError } from '../../errors/domain-error.ts';

export const ACCEPTED_MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AcceptedMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];

const SIGNATURES: ReadonlyArray<readonly [AcceptedMediaType, readonly number[]]> = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // "%PDF-"
];

/** The type the file's first bytes show, or undefined for anything else. */
export function detectMediaType(bytes: Uint8Array): AcceptedMediaType | undefined {
  return SIGNATURES.find(([, signature]) => signature.length <= bytes.length && signature.every((byte, i) => bytes[i] === byte))?.[0];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The largest JSON body an upload of `maxBytes` can need: base64 grows by a third, plus the other fields. */
export function uploadBodyLimit(maxBytes: number): number {
  return Math.ceil(maxBytes / 3) * 4 + 64 * 1024;
}

export interface CheckedUpload {
  content: Buffer;
  mediaType: AcceptedMediaType;
  sizeBytes: number;
  sha256: string;
}

/** Decodes and checks an upload, in the order a person can act on: readable, not empty, not too big, a photo or PDF, as declared. */
export function checkUpload(input: { contentBase64: string; mediaType: string }, maxBytes: number): CheckedUpload {
  if (input.contentBase64.length % 4 !== 0 || !BASE64.test(input.contentBase64)) throw new DomainError('ATTACHMENT_ENCODING_INVALID');
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw new DomainError('ATTACHMENT_EMPTY');
  if (content.length > maxBytes) throw new DomainError('ATTACHMENT_TOO_LARGE', { sizeBytes: content.length, limitBytes: maxBytes });
  const detected = detectMediaType(content);
  if (!detected) throw new DomainError('ATTACHMENT_TYPE_NOT_ALLOWED', { declared: input.mediaType });
  if (detected !== input.mediaType) throw new DomainError('ATTACHMENT_TYPE_MISMATCH', { declared: input.mediaType, detected });
  return { content, mediaType: detected, sizeBytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}
