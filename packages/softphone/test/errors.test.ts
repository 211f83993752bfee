import { expect } from 'chai';
import { CallError, MediaError, RegistrationError, SoftphoneError, microphoneErrorFrom } from '../src/errors.js';

describe('errors', () => {
  it('are SoftphoneErrors with a stable code', () => {
    const error = new RegistrationError('AUTH_FAILED', 'bad password', { statusCode: 403 });
    expect(error).to.be.instanceOf(SoftphoneError).and.instanceOf(Error);
    expect(error.code).to.equal('AUTH_FAILED');
    expect(error.statusCode).to.equal(403);
    expect(new CallError('INVALID_DTMF', 'x').name).to.equal('CallError');
  });

  const cases: [string, string][] = [
    ['NotAllowedError', 'MIC_PERMISSION_DENIED'],
    ['SecurityError', 'MIC_BLOCKED_BY_POLICY'],
    ['NotFoundError', 'NO_MICROPHONE'],
    ['OverconstrainedError', 'NO_MICROPHONE'],
    ['NotReadableError', 'MIC_UNAVAILABLE'],
  ];
  for (const [name, code] of cases) {
    it(`maps getUserMedia ${name} to ${code} with advice`, () => {
      const error = microphoneErrorFrom(new DOMException('x', name));
      expect(error).to.be.instanceOf(MediaError);
      expect(error.code).to.equal(code);
      expect(error.message.length).to.be.greaterThan(30);
    });
  }
});
