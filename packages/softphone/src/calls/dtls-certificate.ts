/**
 * One DTLS certificate for every call, made while connecting. An RTCPeerConnection without one
 * generates a fresh key pair, and the answer waits for it: that is in the critical path of every
 * auto-answer. ECDSA P-256, as browsers generate by default. Reused until a day before it expires
 * (browsers give them 30 days).
 */
export class DtlsCertificate {
  #certificate: RTCCertificate | undefined;
  #pending: Promise<void> | undefined;

  /** The certificate to put in `RTCConfiguration.certificates`, if one is ready and valid. */
  get current(): RTCCertificate | undefined {
    const certificate = this.#certificate;
    return certificate && certificate.expires - Date.now() > DAY_MS ? certificate : undefined;
  }

  /** Makes a certificate unless a valid one is ready. Never rejects: without one, calls make their own. */
  prepare(): Promise<void> {
    if (this.current || this.#pending) return this.#pending ?? Promise.resolve();
    const generate = globalThis.RTCPeerConnection?.generateCertificate;
    if (typeof generate !== 'function') return Promise.resolve();
    this.#pending = generate
      .call(RTCPeerConnection, { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams)
      .then((certificate) => {
        this.#certificate = certificate;
      })
      .catch(() => undefined)
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
