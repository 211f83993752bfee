// Proves the browser harness: real Chromium with a fake microphone, and JsSIP loadable as ESM.
import { expect } from 'chai';
import JsSIP from 'jssip';

describe('browser harness', () => {
  it('getUserMedia gives a live audio track without a prompt', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const [track] = stream.getAudioTracks();
    expect(track?.readyState).to.equal('live');
    track?.stop();
  });

  it('loads JsSIP', () => {
    expect(typeof JsSIP.UA).to.equal('function');
  });
});
