import { expect } from 'chai';
import { endReasonFromCause } from '../../src/sip/end-reason.js';

describe('endReasonFromCause', () => {
  it('tells who hung up', () => {
    expect(endReasonFromCause('Terminated', 'local')).to.equal('local-hangup');
    expect(endReasonFromCause('Bye', 'remote')).to.equal('remote-hangup');
  });

  it('maps a caller giving up to canceled', () => {
    expect(endReasonFromCause('Canceled', 'remote')).to.equal('canceled');
  });

  it('maps SIP failures', () => {
    expect(endReasonFromCause('Busy', 'remote')).to.equal('busy');
    expect(endReasonFromCause('Not Found', 'remote')).to.equal('not-found');
    expect(endReasonFromCause('Rejected', 'remote')).to.equal('rejected');
    expect(endReasonFromCause('Connection Error', 'system')).to.equal('connection-lost');
    expect(endReasonFromCause('User Denied Media Access', 'local')).to.equal('media-failed');
    expect(endReasonFromCause('something new', 'system')).to.equal('failed');
  });
});
