import { expect } from 'chai';
import { AudioOutput } from '../../src/media/audio-output.js';

describe('AudioOutput', () => {
  it('creates its own autoplaying element when none is given', () => {
    const output = new AudioOutput(undefined, undefined);
    expect(output.element.tagName).to.equal('AUDIO');
    expect(output.element.autoplay).to.equal(true);
  });

  it('plays a stream through the element the app passes', () => {
    const element = document.createElement('audio');
    const output = new AudioOutput(element, undefined);
    const stream = new MediaStream();
    output.play(stream);
    expect(element.srcObject).to.equal(stream);
    output.play(undefined);
    expect(element.srcObject).to.equal(null);
  });

  it('selects an output device with setSinkId', async () => {
    const output = new AudioOutput(undefined, undefined);
    await output.setDevice('default');
    expect(output.deviceId).to.equal('default');
  });

  it('rejects an unknown output device with DEVICE_NOT_FOUND', async () => {
    const output = new AudioOutput(undefined, undefined);
    const error = await output.setDevice('no-such-speaker').catch((e: unknown) => e as { code: string });
    expect(error?.code).to.equal('DEVICE_NOT_FOUND');
  });

  it('says OUTPUT_SELECTION_UNSUPPORTED where setSinkId is missing', async () => {
    const element = document.createElement('audio');
    Object.defineProperty(element, 'setSinkId', { value: undefined });
    const error = await new AudioOutput(element, undefined).setDevice('default').catch((e: unknown) => e as { code: string });
    expect(error?.code).to.equal('OUTPUT_SELECTION_UNSUPPORTED');
  });
});
