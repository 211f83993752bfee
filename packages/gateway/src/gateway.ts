import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { AmiClient } from './ami/client.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { addDashboardRoutes } from './http/dashboard.js';
import { addDnRoutes } from './http/dns-routes.js';
import { addHealthRoutes } from './http/health-routes.js';
import type { Router } from './http/router.js';
import { GatewayHttpServer } from './http/server.js';
import { silentLogger, type Logger } from './logger.js';
import { createGatewayMetrics } from './metrics.js';
import { RegistrationSync } from './registration-sync/registration-sync.js';

/** What an extension (e.g. the remote-answer relay) gets to plug itself into a running gateway. */
export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly client: AmiClient;
  /** DN state: `hasBrowserContacts(dn)`, `status(dn)`, `isManaged(dn)`, `on('change')`. */
  readonly sync: RegistrationSync;
  /** Add routes here before the server starts; they get bearer auth unless `{ auth: false }`. */
  readonly router: Router;
  /** The one prom-client registry served at `/metrics`. */
  readonly registry: Registry;
  readonly logger: Logger;
}

/** A part of the gateway started after the core and stopped before it. */
export interface GatewayExtension {
  readonly name: string;
  start(context: GatewayContext): Promise<{ stop(): Promise<void> } | void>;
}

export interface GatewayOptions {
  logger?: Logger;
  extensions?: readonly GatewayExtension[];
}

/**
 * The running service: AMI client → registration sync, HTTP API and metrics, plus extensions.
 * `start()` returns once HTTP listens and the AMI connection loop runs (AMI may still be down; /healthz
 * says so). It rejects on a refused AMI login.
 */
export class Gateway {
  readonly client: AmiClient;
  readonly sync: RegistrationSync;
  readonly http: GatewayHttpServer;
  readonly registry: Registry;
  readonly #config: GatewayConfig;
  readonly #log: Logger;
  readonly #extensions: readonly GatewayExtension[];
  readonly #started: Array<{ name: string; stop(): Promise<void> }> = [];

  constructor(config: GatewayConfig, options: GatewayOptions = {}) {
    this.#config = config;
    this.#log = options.logger ?? silentLogger();
    this.#extensions = options.extensions ?? [];
    const { ami } = config;
    this.client = new AmiClient({
      host: ami.host,
      port: ami.port,
      username: ami.username,
      secret: ami.secret,
      authType: ami.authType,
      connectTimeoutMs: ami.connectTimeoutMs,
      actionTimeoutMs: ami.actionTimeoutMs,
      keepaliveIntervalMs: ami.keepaliveIntervalMs,
      ...(ami.tls.enabled && {
        tls: {
          rejectUnauthorized: ami.tls.rejectUnauthorized,
          ...(ami.tls.caFile && { ca: readCaFile(ami.tls.caFile) }),
          ...(ami.tls.servername && { servername: ami.tls.servername }),
        },
      }),
    });
    this.registry = new Registry();
    const metrics = createGatewayMetrics(this.registry);
    this.sync = new RegistrationSync(
      this.client,
      {
        dnRanges: config.dns.ranges,
        registrationTemplate: config.dns.registrationTemplate,
        unregisterDebounceMs: config.dns.unregisterDebounceMs,
        confirmTimeoutMs: config.dns.confirmTimeoutMs,
        actionsPerSecond: config.dns.actionsPerSecond,
        actionBurst: config.dns.actionBurst,
        unregistersPerSecond: config.dns.unregistersPerSecond,
        restartUptimeSeconds: config.dns.restartUptimeSeconds,
      },
      { logger: this.#log.child({ component: 'registration-sync' }), delegate: metrics.syncDelegate },
    );
    metrics.bindAmi(this.client);
    metrics.bindSync(this.sync);
    this.http = new GatewayHttpServer({
      host: config.http.host,
      port: config.http.port,
      token: config.http.token,
      presenceToken: config.http.presenceToken,
      corsOrigins: config.http.corsOrigins,
      maxConnections: config.http.maxConnections,
      logger: this.#log.child({ component: 'http' }),
    });
    metrics.bindHttp(this.http);
    addHealthRoutes(this.http.router, { client: this.client, sync: this.sync, registry: this.registry });
    const events = addDnRoutes(this.http.router, this.sync, { maxClients: config.http.maxEventStreams, stallTimeoutMs: config.http.eventStreamStallTimeoutMs });
    metrics.bindEventStream(events);
    addDashboardRoutes(this.http.router);
    this.#logAmi();
  }

  async start(): Promise<AddressInfo> {
    const context: GatewayContext = { config: this.#config, client: this.client, sync: this.sync, router: this.http.router, registry: this.registry, logger: this.#log };
    for (const extension of this.#extensions) {
      const started = await extension.start({ ...context, logger: this.#log.child({ component: extension.name }) });
      if (started) this.#started.push({ name: extension.name, stop: () => started.stop() });
    }
    const address = await this.http.start();
    this.sync.start();
    const loggedIn = this.client.start();
    // Only a refused login ends the process; an unreachable Asterisk is retried forever.
    loggedIn.catch(() => undefined);
    await Promise.race([loggedIn, new Promise((resolve) => setImmediate(resolve))]);
    return address;
  }

  /** Resolves with the error that stopped the AMI client for good (a refused login), if it happens. */
  fatal(): Promise<Error> {
    return new Promise((resolve) =>
      this.client.on('error', (error) => {
        if (this.client.state === 'stopped') resolve(error);
      }),
    );
  }

  async stop(): Promise<void> {
    for (const extension of this.#started.splice(0).reverse()) {
      await extension.stop().catch((error: unknown) => this.#log.warn({ err: error, extension: extension.name }, 'extension failed to stop'));
    }
    await this.sync.stop({ unregisterAll: this.#config.shutdown.unregisterAll, timeoutMs: this.#config.shutdown.timeoutMs });
    await this.http.stop();
    await this.client.stop();
  }

  #logAmi(): void {
    const log = this.#log.child({ component: 'ami' });
    const { host, port } = this.#config.ami;
    this.client.on('connected', ({ version }) => log.info({ host, port, version }, 'AMI logged in'));
    this.client.on('disconnected', ({ error }) => log.warn({ err: error.message }, 'AMI connection lost'));
    this.client.on('reconnecting', ({ attempt, delayMs }) => (attempt === 1 || attempt % 10 === 0 ? log.info({ attempt, delayMs }, 'AMI reconnecting') : undefined));
    this.client.on('error', (error) => log.error({ code: error.code }, error.message));
    let malformed = 0;
    this.client.on('malformed', ({ reason }) => {
      malformed += 1;
      if (malformed === 1 || malformed % 1000 === 0) log.warn({ reason, total: malformed }, 'skipped malformed AMI frame(s)');
    });
  }
}

function readCaFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError([`ami.tls.caFile (WWE_GATEWAY_AMI_TLS_CA_FILE): cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
}
