import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AmiClient } from './ami/client.js';
import type { DnEventStream } from './http/event-stream.js';
import type { GatewayHttpServer } from './http/server.js';
import type { RegistrationSync, RegistrationSyncDelegate } from './registration-sync/registration-sync.js';

/**
 * One prom-client `Registry` for the whole gateway. Other parts (the remote-answer relay) add their
 * own metrics to `registry`; names start with `wwe_gateway_`.
 */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** Pass to `RegistrationSync` as its delegate. */
  readonly syncDelegate: RegistrationSyncDelegate;
  /** Live gauges and counters from an AMI client. */
  bindAmi(client: AmiClient): void;
  /** DN gauges read from the sync state at scrape time. */
  bindSync(sync: RegistrationSync): void;
  /** Event-stream clients, the bytes waiting for them, and the ones dropped for stalling. */
  bindEventStream(stream: DnEventStream): void;
  /** Open HTTP connections and the ones refused at the limit. */
  bindHttp(server: GatewayHttpServer): void;
}

export interface GatewayMetricsOptions {
  /** Process metrics (RSS, CPU, event loop lag). Default true. */
  defaultMetrics?: boolean;
}

export function createGatewayMetrics(registry: Registry = new Registry(), options: GatewayMetricsOptions = {}): GatewayMetrics {
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'wwe_gateway_' });
  const registers = [registry];
  let sync: RegistrationSync | undefined;
  let ami: AmiClient | undefined;
  let events: DnEventStream | undefined;
  let http: GatewayHttpServer | undefined;

  const dnGauge = (name: string, help: string, pick: (c: ReturnType<RegistrationSync['counts']>) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        if (sync) this.set(pick(sync.counts()));
      },
    });
  new Gauge({ name: 'wwe_gateway_dns_managed', help: 'DNs in the configured ranges', registers, collect() { if (sync) this.set(sync.ranges.size); } });
  dnGauge('wwe_gateway_dns_online', 'DNs with at least one browser contact on Asterisk', (c) => c.browser);
  dnGauge('wwe_gateway_dns_registered', 'DNs whose Genesys registration is confirmed', (c) => c.registered);
  dnGauge('wwe_gateway_dns_pending', 'DNs with a browser whose Genesys registration is not confirmed yet', (c) => c.pending);
  dnGauge('wwe_gateway_dns_errored', 'DNs whose last registration was rejected or failed', (c) => c.errored);
  new Gauge({ name: 'wwe_gateway_ami_connected', help: '1 while logged in to AMI', registers, collect() { this.set(ami?.connected ? 1 : 0); } });
  new Gauge({ name: 'wwe_gateway_ami_queued_actions', help: 'Registration actions waiting for the pacer', registers, collect() { this.set(sync?.queued ?? 0); } });
  const reconnects = new Counter({ name: 'wwe_gateway_ami_reconnects_total', help: 'AMI connections re-established', registers });
  const malformed = new Counter({ name: 'wwe_gateway_ami_malformed_frames_total', help: 'AMI frames skipped because they could not be read', registers });
  const actions = new Counter({ name: 'wwe_gateway_ami_actions_total', help: 'Registration actions sent to AMI', labelNames: ['action'] as const, registers });
  const failed = new Counter({ name: 'wwe_gateway_ami_actions_failed_total', help: 'Registration actions refused by Asterisk', labelNames: ['action'] as const, registers });
  const retries = new Counter({ name: 'wwe_gateway_registration_retries_total', help: 'PJSIPRegister sent again because the previous one was not confirmed, rejected or failed', registers });
  const eventToAction = new Histogram({
    name: 'wwe_gateway_event_to_action_seconds',
    help: 'From the AMI event (or timer) that called for an action to the action written to AMI, pacing included',
    labelNames: ['action'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1, 5, 30],
    registers,
  });
  const confirm = new Histogram({
    name: 'wwe_gateway_registration_confirm_seconds',
    help: 'From PJSIPRegister to its Registry: Registered event',
    buckets: [0.1, 0.5, 1, 2, 3, 5, 10, 30],
    registers,
  });
  new Gauge({ name: 'wwe_gateway_event_streams', help: 'GET /api/events streams open', registers, collect() { this.set(events?.clients ?? 0); } });
  new Gauge({ name: 'wwe_gateway_event_stream_buffered_bytes', help: 'Bytes written to event streams that their sockets have not taken yet', registers, collect() { this.set(events?.bufferedBytes ?? 0); } });
  countedAtScrape('wwe_gateway_event_streams_dropped_total', 'Event streams dropped because their client stopped taking data', registers, () => events?.dropped ?? 0);
  new Gauge({ name: 'wwe_gateway_http_connections', help: 'HTTP connections open', registers, collect() { this.set(http?.openConnections ?? 0); } });
  countedAtScrape('wwe_gateway_http_connections_refused_total', 'HTTP connections closed on arrival because http.maxConnections were open', registers, () => http?.connectionsRefused ?? 0);
  const reconcile = new Histogram({ name: 'wwe_gateway_reconcile_seconds', help: 'Time to rebuild state from Asterisk lists', labelNames: ['restarted'] as const, buckets: [0.05, 0.1, 0.5, 1, 2, 5, 10, 30], registers });

  return {
    registry,
    syncDelegate: {
      actionSent(command, latencyMs) {
        const action = command.kind === 'register' ? 'PJSIPRegister' : 'PJSIPUnregister';
        actions.inc({ action });
        if (command.kind === 'register' && command.attempt > 1) retries.inc();
        eventToAction.observe({ action }, latencyMs / 1000);
      },
      actionFailed(command) {
        failed.inc({ action: command.kind === 'register' ? 'PJSIPRegister' : 'PJSIPUnregister' });
      },
      confirmed(_dn, ms) {
        confirm.observe(ms / 1000);
      },
      reconciled(durationMs, restarted) {
        reconcile.observe({ restarted: String(restarted) }, durationMs / 1000);
      },
    },
    bindAmi(client) {
      ami = client;
      client.on('connected', () => {
        if (client.reconnects > 0) reconnects.inc();
      });
      client.on('malformed', () => malformed.inc());
    },
    bindSync(bound) {
      sync = bound;
    },
    bindEventStream(stream) {
      events = stream;
    },
    bindHttp(server) {
      http = server;
    },
  };
}

/** A counter that follows a running total kept elsewhere, read when Prometheus scrapes. */
function countedAtScrape(name: string, help: string, registers: Registry[], total: () => number): void {
  let counted = 0;
  new Counter({
    name,
    help,
    registers,
    collect() {
      const now = total();
      if (now > counted) this.inc(now - counted);
      counted = now;
    },
  });
}
