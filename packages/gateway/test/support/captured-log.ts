import { Writable } from 'node:stream';

/** A log destination that keeps what the gateway writes, for tests that read its log lines. */
export function capturedLog(): { destination: Writable; text: () => string } {
  let text = '';
  const destination = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { destination, text: () => text };
}
