import { expect } from 'chai';
import { InputLevelMeter } from '../../src/media/input-level.js';

describe('InputLevelMeter', () => {
  it('reads 0 without a live track', () => {
    expect(new InputLevelMeter().read(undefined)).to.equal(0);
  });

  it('hears the fake microphone', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const track = stream.getAudioTracks()[0]!;
    const meter = new InputLevelMeter();
    let loudest = 0;
    for (let i = 0; i < 40 && loudest === 0; i += 1) {
      loudest = Math.max(loudest, meter.read(track));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    meter.close();
    track.stop();
    expect(loudest).to.be.greaterThan(0).and.at.most(1);
  });
});
