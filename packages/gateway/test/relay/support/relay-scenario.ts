// Runs the real relay once, in Node, against the AMI simulator: Genesys INVITEs for some ringing calls
// and a NOTIFY talk for one of them go in as HEP3 over UDP; the PJSIPNotify frame Asterisk would receive
// comes out. Used by the browser end-to-end test (through a test-runner server command), which then has
// the softphone receive that NOTIFY as Asterisk would send it.
import { createSocket } from 'node:dgram';
import { AmiClient } from '../../../src/ami/client.js';
import { encodeHep3 } from '../../../src/hep/hep3.js';
import { HepListener } from '../../../src/hep/hep-listener.js';
import { amiRemoteAnswerDelegate } from '../../../src/relay/ami-delegate.js';
import { parsePeerAddress } from '../../../src/relay/peer-address.js';
import { RemoteAnswerRelay } from '../../../src/relay/remote-answer-relay.js';
import { AmiSimulator } from '../../support/ami-simulator.js';
import { callShape, invite, notify, ringing } from '../../sip/fixtures/genesys-flows.js';

export interface RelayScenario {
  readonly dn: string;
  /** UUIDs of the calls ringing on the DN (each gets an INVITE from Genesys). */
  readonly ringingCallUuids: readonly string[];
  /** The call the agent answers in WWE: SIP Server sends NOTIFY talk for it. */
  readonly answeredCallUuid: string;
  readonly event?: 'talk' | 'hold';
}

export interface CapturedNotifyAction {
  /** The frame exactly as written to AMI. */
  readonly raw: string;
  readonly endpoint: string;
  /** `Variable:` values in order, e.g. `['Event=talk', 'X-Genesys-CallUUID=…']`. */
  readonly variables: readonly string[];
}

export async function runRelayScenario(scenario: RelayScenario): Promise<CapturedNotifyAction> {
  const sim = new AmiSimulator({ dns: [scenario.dn] });
  await sim.start();
  const client = new AmiClient({ host: '127.0.0.1', port: sim.port, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 });
  const sender = createSocket('udp4');
  const genesys = { address: '127.0.0.1', port: 5070 };
  const asterisk = { address: '127.0.0.1', port: 5060 };
  const relay = new RemoteAnswerRelay(
    { genesysAddresses: [parsePeerAddress('127.0.0.1:5070')], isAgentDn: (dn) => dn === scenario.dn, notifyResponder: false },
    { delegate: amiRemoteAnswerDelegate(client, { hasBrowserContacts: (dn) => dn === scenario.dn }) },
  );
  const listener = new HepListener({ port: 0, password: 'scenario-hep-password' }, relay.hepDelegate());
  try {
    await client.start();
    const { port } = await listener.start();
    const mirror = (payload: string, direction: 'in' | 'out') =>
      new Promise<void>((resolve, reject) => {
        const [source, destination] = direction === 'in' ? [genesys, asterisk] : [asterisk, genesys];
        const packet = encodeHep3({ source, destination, authKey: 'scenario-hep-password', payload });
        sender.send(packet, port, '127.0.0.1', (error) => (error ? reject(error) : resolve()));
      });
    const calls = scenario.ringingCallUuids.map((callUuid) => callShape({ genesys, asterisk, dn: scenario.dn, callUuid }));
    for (const call of calls) {
      await mirror(invite(call, { withSdp: false }), 'in');
      await mirror(ringing(call), 'out');
    }
    const answered = calls.find((call) => call.callUuid === scenario.answeredCallUuid);
    if (!answered) throw new Error('answeredCallUuid must be one of ringingCallUuids');
    await mirror(notify(answered, { event: scenario.event ?? 'talk' }), 'in');
    const action = await sim.waitForAction((a) => a.action === 'PJSIPNotify');
    return { raw: action.raw, endpoint: action.get('Endpoint') ?? '', variables: action.message.getAll('Variable') };
  } finally {
    sender.close();
    await listener.close();
    await client.stop(50);
    await sim.stop();
  }
}
