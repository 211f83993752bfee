import { expect } from 'chai';
import { canTransition } from '../../src/registration/registration-state.js';

describe('registration state machine', () => {
  it('allows the documented path', () => {
    expect(canTransition('disconnected', 'connecting')).to.equal(true);
    expect(canTransition('connecting', 'registered')).to.equal(true);
    expect(canTransition('registered', 'reconnecting')).to.equal(true);
    expect(canTransition('reconnecting', 'registered')).to.equal(true);
    expect(canTransition('reconnecting', 'failed')).to.equal(true);
    expect(canTransition('failed', 'connecting')).to.equal(true);
  });

  it('forbids skipping steps', () => {
    expect(canTransition('disconnected', 'registered')).to.equal(false);
    expect(canTransition('disconnected', 'reconnecting')).to.equal(false);
    expect(canTransition('failed', 'registered')).to.equal(false);
  });
});
