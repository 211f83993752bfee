// Test-runner server command `remote-answer-relay`: runs the gateway's real remote-answer relay in Node
// (HEP in → PJSIPNotify to the AMI simulator) and returns the captured PJSIPNotify, so a browser test
// can deliver the NOTIFY Asterisk would send for it. Browser side:
//   executeServerCommand('remote-answer-relay', { dn, ringingCallUuids, answeredCallUuid })
import { tsImport } from 'tsx/esm/api';

export function remoteAnswerPlugin() {
  return {
    name: 'remote-answer-relay',
    async executeCommand({ command, payload }) {
      if (command !== 'remote-answer-relay') return undefined;
      const { runRelayScenario } = await tsImport('../packages/gateway/test/relay/support/relay-scenario.ts', import.meta.url);
      return runRelayScenario(payload);
    },
  };
}
