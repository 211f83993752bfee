import { expect } from 'chai';
import { DtlsCertificate } from '../../src/calls/dtls-certificate.js';
import { labPerTest } from '../support/lab-phone.js';

describe('DTLS certificate made while connecting', () => {
  it('makes an ECDSA certificate once and reuses it while it is valid', async () => {
    const dtls = new DtlsCertificate();
    expect(dtls.current).to.equal(undefined);
    await dtls.prepare();
    const first = dtls.current;
    expect(first).to.be.instanceOf(RTCCertificate);
    expect(first!.expires - Date.now()).to.be.greaterThan(7 * 24 * 3600 * 1000);
    await dtls.prepare();
    expect(dtls.current).to.equal(first);
  });

  it('replaces a certificate that expires within a day', async () => {
    const original = RTCPeerConnection.generateCertificate;
    const soon = await original.call(RTCPeerConnection, { name: 'ECDSA', namedCurve: 'P-256', expires: 3_600_000 } as EcKeyGenParams);
    let made = 0;
    RTCPeerConnection.generateCertificate = (async (keygen: AlgorithmIdentifier) => {
      made += 1;
      return made === 1 ? soon : original.call(RTCPeerConnection, keygen);
    }) as typeof RTCPeerConnection.generateCertificate;
    try {
      const dtls = new DtlsCertificate();
      await dtls.prepare();
      expect(dtls.current, 'an hour-long certificate is not worth keeping').to.equal(undefined);
      await dtls.prepare();
      expect(made).to.equal(2);
      expect(dtls.current).to.be.instanceOf(RTCCertificate);
    } finally {
      RTCPeerConnection.generateCertificate = original;
    }
  });

  describe('in calls', () => {
    const setup = labPerTest();

    it('every call answers with the certificate made at connect()', async () => {
      const lab = setup.lab();
      const phone = setup.phone();
      await phone.connect();
      // The same certificate shows as a new wrapper object in each getConfiguration(): compare fingerprints.
      const seen: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const call = lab.call('5001', { autoAnswer: { signal: 'call-info', answerAfterSeconds: 0 } });
        await call.waitFor('answered');
        const certificate = phone.calls.at(-1)?.peerConnection?.getConfiguration().certificates?.[0];
        expect(certificate, `call ${i + 1}`).to.be.instanceOf(RTCCertificate);
        seen.push(JSON.stringify(certificate!.getFingerprints()));
        await call.bye();
      }
      expect(seen[0]).to.equal(seen[1]);
    });
  });
});
