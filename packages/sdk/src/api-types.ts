// Bodies the HTTP client will exchange with the server for activation, check-in and online
// validation (SPEC §6). Draft: the routes do not exist yet; they settle the paths and may
// adjust these fields. What is fixed already is what the server signs: every license file
// travels as a compact JWS string, every validation answer as a signed JWS echoing `nonce`.

/** Hashes of hardware components (SPEC §6); never raw serial numbers. */
export interface HardwareComponentHashes {
  board?: string;
  disk?: string;
  osInstall?: string;
  cpu?: string;
  mac?: string;
}

export interface ActivationRequest {
  /** A product key (serial), checked offline first with `parseKey`. Either this or `accountToken`. */
  productKey?: string;
  /** A user's account token, for a digital license linked to the account. */
  accountToken?: string;
  fingerprint: string;
  components: HardwareComponentHashes;
}

export interface ActivationResponse {
  /** The license file, to be passed to `OfflineLicense.install`. */
  licenseFile: string;
}

export interface CheckInRequest {
  fingerprint: string;
  components: HardwareComponentHashes;
  /** From `createNonce()`; the signed answer must echo it. */
  nonce: string;
}

export interface CheckInResponse {
  licenseFile: string;
  /** Signed validation response (server time, echoed nonce). */
  validation: string;
}

export interface ValidationRequest {
  fingerprint: string;
  nonce: string;
}

export interface ValidationResponseBody {
  /** Signed validation response, to be passed to `OfflineLicense.acceptValidationResponse`. */
  response: string;
}
