import type { Registry } from 'prom-client';
import { loadAgentPasswords } from '../agent-auth/agent-passwords.js';
import type { AmiMessage } from '../ami/message.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { ConfigError } from '../errors.js';
import type { GatewayExtension } from '../gateway.js';
import type { Router } from '../http/router.js';
import type { Logger } from '../logger.js';
import { BrowserReportGate } from './browser-report-gate.js';
import { BrowserReportMetrics } from './browser-report-metrics.js';
import { addBrowserReportRoutes } from './browser-report-routes.js';
import { CallQualityTable } from './call-quality-table.js';
import { QualityMetrics } from './quality-metrics.js';
import { addQualityRoutes } from './quality-routes.js';
import { decodeRtcpReport } from './rtcp-report.js';

/** How often quiet legs are ended. */
const SWEEP_INTERVAL_MS = 5_000;

/**
 * Call quality for the whole floor: reads Asterisk's AMI RTCPSent/RTCPReceived events (both legs of
 * every call), keeps the live calls in a `CallQualityTable`, observes MOS, jitter, loss and RTT
 * histograms by leg, direction and DN range, and serves `GET /api/quality`. Logs each time a call
 * falls below the MOS threshold. With `quality.browserReports` on, agents' browsers add their own
 * summary of each call (`POST /api/dns/:dn/quality`), joined with Asterisk's legs by call UUID.
 */
export function qualityExtension(): GatewayExtension {
  return {
    name: 'quality',
    async start({ config, client, sync, router, registry, logger }) {
      if (!config.quality.enabled) {
        logger.info({}, 'call quality disabled (quality.enabled=false)');
        return;
      }
      const table = new CallQualityTable({
        isAgentDn: (endpoint) => sync.isManaged(endpoint),
        rangeOf: (dn) => sync.ranges.rangeOf(dn),
        mosThreshold: config.quality.mosThreshold,
        legTimeoutMs: config.quality.legTimeoutMs,
      });
      const metrics = new QualityMetrics(registry, table);
      const onEvent = (message: AmiMessage): void => {
        const event = message.event;
        if (event !== 'RTCPSent' && event !== 'RTCPReceived') return;
        const report = decodeRtcpReport(message);
        if (!report) {
          metrics.report('unreadable');
          return;
        }
        metrics.report(event);
        const observation = table.record(report, Date.now());
        if (!observation) return;
        metrics.observe(observation);
        if (!observation.wentBelow) return;
        const { call, stream, leg, direction } = observation;
        logger.info({ dn: call.dn, callUuid: call.callUuid, leg, direction, mos: stream?.mos, jitterMs: stream?.jitterMs, packetLoss: stream?.packetLoss }, 'call below the quality threshold');
      };
      const off = client.on('event', onEvent);
      const sweeper = setInterval(() => table.sweep(Date.now()), SWEEP_INTERVAL_MS);
      sweeper.unref();
      addQualityRoutes(router, table);
      if (config.quality.browserReports.enabled) addBrowserReports(config, router, table, registry, logger);
      logger.info({ mosThreshold: table.mosThreshold }, 'call quality from AMI RTCP reports ready (manager.conf needs read=reporting)');
      return {
        async stop() {
          clearInterval(sweeper);
          off();
        },
      };
    },
  };
}

/** Browsers' own reports: authenticated with the agents' SIP passwords (the TURN file unless one is named). */
function addBrowserReports(config: GatewayConfig, router: Router, table: CallQualityTable, registry: Registry, logger: Logger): void {
  const { browserReports } = config.quality;
  const setting = browserReports.agentPasswordsFile !== undefined ? 'quality.browserReports.agentPasswordsFile' : 'turn.agentPasswordsFile';
  const file = browserReports.agentPasswordsFile ?? config.turn.agentPasswordsFile;
  if (file === undefined) {
    throw new ConfigError(["quality.browserReports.agentPasswordsFile: required while browser reports are on (WWE_GATEWAY_QUALITY_AGENT_PASSWORDS_FILE, or turn.agentPasswordsFile): browsers prove their DN's SIP password"]);
  }
  const passwords = loadAgentPasswords(file, undefined, setting);
  const gate = new BrowserReportGate(passwords, { perDnPerMinute: browserReports.perDnPerMinute, perDnBurst: browserReports.perDnBurst }, Date.now());
  addBrowserReportRoutes(router, gate, table, { logger, metrics: new BrowserReportMetrics(registry) });
  logger.info({ agents: passwords.size }, 'browser quality reports accepted at POST /api/dns/:dn/quality');
}
