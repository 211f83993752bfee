// The keyboard path an agent takes: the call rings while focus is in the widget, Enter answers,
// Shift+Tab reaches Mute, Space mutes, Tab returns to Hang up, Enter hangs up.
import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { nextEvent, shadow, until } from '../support/dom.js';
import { DN, labbedPhone, type LabbedPhone } from '../support/lab.js';

const focused = (setup: LabbedPhone) => setup.phone.shadowRoot!.activeElement as HTMLElement | null;

describe('<wwe-softphone> keyboard path', () => {
  let setup: LabbedPhone;
  afterEach(() => setup.dispose());

  it('answers, mutes and hangs up without a mouse', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    shadow<HTMLInputElement>(phone, 'input[name="target"]')!.focus();

    const labCall = lab.call(DN, { from: '1003' });
    await until(() => focused(setup)?.getAttribute('part')?.includes('answer-button'), 'focus on Answer');

    const answered = nextEvent(phone, 'wwe-answered');
    await sendKeys({ press: 'Enter' });
    await answered;
    await labCall.waitFor('answered');
    await until(() => focused(setup)?.getAttribute('part')?.includes('hangup-button'), 'focus on Hang up');

    await sendKeys({ down: 'Shift' });
    for (let i = 0; i < 4; i += 1) await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focused(setup)?.getAttribute('part')).to.contain('mute-button');
    await sendKeys({ press: 'Space' });
    await until(() => phone.state.calls[0]?.muted, 'the call to be muted');

    for (let i = 0; i < 4; i += 1) await sendKeys({ press: 'Tab' });
    expect(focused(setup)?.getAttribute('part')).to.contain('hangup-button');
    await sendKeys({ press: 'Enter' });
    await labCall.waitFor('ended');
    expect(labCall.end).to.deep.equal({ by: 'phone', how: 'BYE' });
  });

  it('does not take focus from the host page when a call rings', async () => {
    setup = await labbedPhone();
    const { phone, lab } = setup;
    const outside = document.createElement('input');
    document.body.prepend(outside);
    outside.focus();
    const incoming = nextEvent(phone, 'wwe-incoming');
    lab.call(DN);
    await incoming;
    await phone.updateComplete;
    expect(document.activeElement).to.equal(outside);
    outside.remove();
  });
});
