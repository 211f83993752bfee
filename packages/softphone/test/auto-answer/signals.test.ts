import { expect } from 'chai';
import { MAX_SIGNAL_HEADER_LENGTH, headerParams, parseAutoAnswerSignals, splitHeaderEntries } from '../../src/auto-answer/signals.js';

const reader = (headers: Record<string, string[]>) => (name: string) => headers[name] ?? [];

describe('parseAutoAnswerSignals', () => {
  it('reads Call-Info answer-after in seconds', () => {
    const { signals, problems } = parseAutoAnswerSignals(reader({ 'Call-Info': ['<sip:192.0.2.81>;answer-after=3'] }));
    expect(problems).to.deep.equal([]);
    expect(signals).to.deep.equal([{ kind: 'call-info', delayMs: 3000, header: '<sip:192.0.2.81>;answer-after=3' }]);
  });

  it('finds answer-after in the second comma-separated Call-Info entry', () => {
    const { signals } = parseAutoAnswerSignals(reader({ 'Call-Info': ['<http://x/a,b>;purpose=icon, <sip:h>;answer-after=0'] }));
    expect(signals[0]).to.include({ kind: 'call-info', delayMs: 0 });
  });

  it('accepts Call-Info info=alert-autoanswer', () => {
    const { signals } = parseAutoAnswerSignals(reader({ 'Call-Info': ['<sip:h>;info=alert-autoanswer'] }));
    expect(signals[0]).to.include({ kind: 'call-info', delayMs: 0 });
  });

  for (const value of ['<http://www.notused.com>;info=alert-autoanswer', 'Ring Answer', 'Auto Answer', '<sip:x>;info=RingAnswer', '<sip:x>;info=auto-answer']) {
    it(`reads Alert-Info "${value}"`, () => {
      const { signals } = parseAutoAnswerSignals(reader({ 'Alert-Info': [value] }));
      expect(signals).to.have.length(1);
      expect(signals[0]).to.include({ kind: 'alert-info', delayMs: 0 });
    });
  }

  it('reads an Alert-Info delay', () => {
    const { signals } = parseAutoAnswerSignals(reader({ 'Alert-Info': ['<sip:x>;info=alert-autoanswer;delay=2'] }));
    expect(signals[0]).to.include({ kind: 'alert-info', delayMs: 2000 });
  });

  it('ignores ordinary ring tones in Alert-Info', () => {
    const { signals, problems } = parseAutoAnswerSignals(reader({ 'Alert-Info': ['<http://x/ring.wav>', 'info=alert-group'] }));
    expect(signals).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it('reads Answer-Mode and Priv-Answer-Mode', () => {
    const { signals } = parseAutoAnswerSignals(reader({ 'Answer-Mode': ['Auto'], 'Priv-Answer-Mode': ['Manual;require'] }));
    expect(signals).to.deep.equal([
      { kind: 'answer-mode', mode: 'auto', privileged: false, header: 'Auto' },
      { kind: 'answer-mode', mode: 'manual', privileged: true, header: 'Manual;require' },
    ]);
  });

  describe('hostile input', () => {
    for (const garbage of ['-1', 'abc', '1e9', '0x10', '', '99999999', '3.5', '1 2', '١']) {
      it(`refuses answer-after="${garbage}" with a MALFORMED_SIGNAL problem`, () => {
        const { signals, problems } = parseAutoAnswerSignals(reader({ 'Call-Info': [`<sip:h>;answer-after=${garbage}`] }));
        expect(signals).to.deep.equal([]);
        expect(problems).to.have.length(1);
        expect(problems[0]?.code).to.equal('MALFORMED_SIGNAL');
        expect(problems[0]?.header).to.equal('Call-Info');
      });
    }

    it('refuses a huge header value without scanning it', () => {
      const huge = `<sip:h>;answer-after=0;${'x'.repeat(MAX_SIGNAL_HEADER_LENGTH * 100)}`;
      const { signals, problems } = parseAutoAnswerSignals(reader({ 'Call-Info': [huge] }));
      expect(signals).to.deep.equal([]);
      expect(problems[0]?.message).to.match(/limit/);
    });

    it('refuses control characters', () => {
      const { signals, problems } = parseAutoAnswerSignals(reader({ 'Answer-Mode': ['Auto\u0000'] }));
      expect(signals).to.deep.equal([]);
      expect(problems[0]?.header).to.equal('Answer-Mode');
    });

    it('refuses an unknown Answer-Mode', () => {
      const { problems } = parseAutoAnswerSignals(reader({ 'Answer-Mode': ['Sometimes'] }));
      expect(problems[0]?.code).to.equal('MALFORMED_SIGNAL');
    });

    it('survives unbalanced brackets and quotes', () => {
      const { signals } = parseAutoAnswerSignals(reader({ 'Call-Info': ['<<<sip:h;answer-after=0', '"unterminated;answer-after=1'] }));
      expect(signals).to.be.an('array');
    });

    it('keeps good signals when another header is broken', () => {
      const { signals, problems } = parseAutoAnswerSignals(reader({ 'Call-Info': ['<sip:h>;answer-after=zz'], 'Answer-Mode': ['Auto'] }));
      expect(signals.map((s) => s.kind)).to.deep.equal(['answer-mode']);
      expect(problems).to.have.length(1);
    });
  });
});

describe('header helpers', () => {
  it('splits entries outside brackets and quotes', () => {
    expect(splitHeaderEntries('<a,b>;x=1, "c,d" <e>;y=2')).to.deep.equal(['<a,b>;x=1', '"c,d" <e>;y=2']);
  });

  it('reads params after the URI only', () => {
    const params = headerParams('<sip:h;answer-after=9>;answer-after=1;Info="alert-autoanswer"');
    expect(params.get('answer-after')).to.equal('1');
    expect(params.get('info')).to.equal('alert-autoanswer');
  });
});
