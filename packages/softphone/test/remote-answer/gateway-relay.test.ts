// Remote answer end to end: Genesys' NOTIFY talk enters the real gateway relay as HEP3 (in Node, through
// the test runner's `remote-answer-relay` command) and comes out as the PJSIPNotify frame Asterisk
// receives; the in-page lab then sends the softphone the out-of-dialog NOTIFY Asterisk sends for that
// action. The softphone must answer the call the NOTIFY names, and leave another ringing call alone.
import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { SipLab } from '@wwe-webrtc/lab';
import { Softphone } from '../../src/index.js';

interface RelayScenario {
  dn: string;
  ringingCallUuids: string[];
  answeredCallUuid: string;
  event?: 'talk' | 'hold';
}

interface CapturedNotifyAction {
  raw: string;
  endpoint: string;
  variables: string[];
}

const DN = '5001';
const PASSWORD = 'relay-e2e-secret-5001';

/** `PJSIPNotify` adds one header per `Variable: Name=Value` to the NOTIFY it sends each contact. */
function headersOf(action: CapturedNotifyAction): Map<string, string> {
  return new Map(
    action.variables.map((variable) => {
      const eq = variable.indexOf('=');
      return [variable.slice(0, eq), variable.slice(eq + 1)] as [string, string];
    }),
  );
}

async function deliverAsAsterisk(lab: SipLab, action: CapturedNotifyAction): Promise<number> {
  const headers = headersOf(action);
  const extraHeaders = [...headers].filter(([name]) => name !== 'Event' && name !== 'X-Genesys-CallUUID');
  return lab.notify(action.endpoint, { event: headers.get('Event'), callUuid: headers.get('X-Genesys-CallUUID') ?? null, extraHeaders });
}

describe('remote answer relayed by the gateway', () => {
  let lab: SipLab;
  let phone: Softphone;

  beforeEach(async () => {
    lab = new SipLab({ accounts: { [DN]: PASSWORD } });
    phone = new Softphone({ server: lab.url, dn: DN, password: PASSWORD, webSocketFactory: lab.webSocketFactory, unregisterOnPageHide: false });
    await phone.connect();
  });

  afterEach(async () => {
    await phone.disconnect();
    lab.close();
  });

  for (const flow of [
    { name: 'flow A: INVITE with SDP', offer: true },
    { name: 'flow B: delayed-offer INVITE', offer: false },
  ]) {
    it(`${flow.name} — answers the call named by the NOTIFY, not the other ringing one`, async () => {
      const other = lab.call(DN, { genesysCallUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000A01', offer: flow.offer });
      const target = lab.call(DN, { genesysCallUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000B02', offer: flow.offer });
      await Promise.all([other.waitFor('ringing'), target.waitFor('ringing')]);

      const action = await executeServerCommand<CapturedNotifyAction, RelayScenario>('remote-answer-relay', {
        dn: DN,
        ringingCallUuids: ['UIVB8J6JE91C53UIM3VI59VHQ4000A01', 'UIVB8J6JE91C53UIM3VI59VHQ4000B02'],
        answeredCallUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000B02',
      });
      expect(action.endpoint).to.equal(DN);
      expect(action.variables).to.deep.equal(['Event=talk', 'X-Genesys-CallUUID=UIVB8J6JE91C53UIM3VI59VHQ4000B02']);

      const remoteControl = new Promise<{ action: string; callUuid: string | undefined }>((resolve) => {
        const off = phone.on('remoteControl', (outcome) => {
          off();
          resolve(outcome);
        });
      });
      expect(await deliverAsAsterisk(lab, action)).to.equal(200);
      expect(await remoteControl).to.include({ action: 'answer', callUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000B02' });
      await target.waitFor('answered');

      const byUuid = (uuid: string) => phone.calls.find((call) => call.genesysCallUuid === uuid);
      expect(byUuid('UIVB8J6JE91C53UIM3VI59VHQ4000B02')?.state).to.equal('active');
      expect(byUuid('UIVB8J6JE91C53UIM3VI59VHQ4000A01')?.state).to.equal('ringing');
      expect(other.state).to.equal('ringing');
    });
  }
});
