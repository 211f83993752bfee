// Test-runner server commands around a real wwe-gateway with browser quality reports on (its AMI is the
// simulator), so a browser test can post a call's quality report to it and read what it stored:
//   executeServerCommand('quality-gateway', { action: 'start', origin, passwords }) → { base }
//   executeServerCommand('quality-gateway', { action: 'rtcp', dn, callUuid })
//   executeServerCommand('quality-gateway', { action: 'calls' }) → CallQuality[]
//   executeServerCommand('quality-gateway', { action: 'metrics' }) → text
//   executeServerCommand('quality-gateway', { action: 'stop' })
import { tsImport } from 'tsx/esm/api';

export function qualityGatewayPlugin() {
  let gateway;
  return {
    name: 'quality-gateway',
    async executeCommand({ command, payload }) {
      if (command !== 'quality-gateway') return undefined;
      switch (payload.action) {
        case 'start': {
          await gateway?.stop();
          const { startQualityGateway } = await tsImport('../packages/gateway/test/quality/support/quality-gateway.ts', import.meta.url);
          gateway = await startQualityGateway({ origin: payload.origin, passwords: payload.passwords });
          return { base: gateway.base };
        }
        case 'rtcp':
          gateway.rtcp(payload.dn, payload.callUuid);
          return true;
        case 'calls':
          return gateway.calls();
        case 'metrics':
          return gateway.metrics();
        case 'stop':
          await gateway?.stop();
          gateway = undefined;
          return true;
        default:
          throw new Error(`quality-gateway: unknown action ${payload.action}`);
      }
    },
  };
}
