// Wiring of the remote-answer relay into a running gateway: HEP listener → relay → AMI, 200 OK
// responder, metrics on the gateway's registry, and the HTTP answer route.
import type { Registry } from 'prom-client';
import type { AmiClient } from '../ami/client.js';
import type { Router } from '../http/router.js';
import { HepListener } from '../hep/hep-listener.js';
import { HEP_LISTENER_DEFAULTS, type HepListenerOptions } from '../hep/hep-listener-options.js';
import type { DnDirectory } from '../registration-sync/registration-sync.js';
import { amiRemoteAnswerDelegate } from './ami-delegate.js';
import { addAnswerRoute } from './answer-route.js';
import type { RelayLogger } from './log-once.js';
import { parsePeerAddress } from './peer-address.js';
import { RemoteAnswerMetrics } from './remote-answer-metrics.js';
import { RemoteAnswerRelay } from './remote-answer-relay.js';
import { UdpSipResponder } from './sip-responder.js';

/** The `relay` section of the gateway's configuration, setting for setting (`enabled` is the caller's business). */
export interface RemoteAnswerServiceOptions {
  readonly hep: HepListenerOptions;
  /** SIP Server address(es) as Asterisk sees them: `ip` or `ip:port`, IPv6 in brackets with a port. */
  readonly genesysAddresses: readonly string[];
  /** Asterisk's trunk address(es); when set, the NOTIFY must be addressed to one of them. */
  readonly asteriskAddresses?: readonly string[];
  /** Send the 200 OK for Genesys' NOTIFY over UDP. Default true. */
  readonly notifyResponder?: boolean;
}

export interface RemoteAnswerServiceContext {
  readonly client: AmiClient;
  readonly directory: Pick<DnDirectory, 'hasBrowserContacts' | 'isManaged'>;
  readonly registry?: Registry;
  readonly logger?: RelayLogger;
  /** When given, `POST /api/dns/:dn/answer` is added to it. */
  readonly router?: Router;
}

export class RemoteAnswerService {
  private constructor(
    readonly relay: RemoteAnswerRelay,
    readonly listener: HepListener,
    private readonly responder: UdpSipResponder,
  ) {}

  /** Builds the relay and binds the HEP listener. Throws on bad addresses or a port in use. */
  static async start(options: RemoteAnswerServiceOptions, context: RemoteAnswerServiceContext): Promise<RemoteAnswerService> {
    const responder = new UdpSipResponder();
    const metrics = context.registry && new RemoteAnswerMetrics(context.registry);
    const relay = new RemoteAnswerRelay(
      {
        genesysAddresses: options.genesysAddresses.map(parsePeerAddress),
        ...(options.asteriskAddresses?.length && { asteriskAddresses: options.asteriskAddresses.map(parsePeerAddress) }),
        isAgentDn: (dn) => context.directory.isManaged(dn),
        notifyResponder: options.notifyResponder ?? true,
      },
      {
        delegate: amiRemoteAnswerDelegate(context.client, context.directory),
        responder,
        ...(metrics && { metrics }),
        ...(context.logger && { logger: context.logger }),
      },
    );
    const listener = new HepListener(options.hep, relay.hepDelegate());
    const bound = await listener.start();
    metrics?.observeListener(listener);
    if (options.hep.password === undefined) {
      context.logger?.warn({}, 'HEP listener has no capture password: any local process can inject packets');
    }
    const asked = options.hep.receiveBufferBytes ?? HEP_LISTENER_DEFAULTS.receiveBufferBytes;
    if (listener.receiveBufferBytes < asked) {
      context.logger?.warn(
        { asked, granted: listener.receiveBufferBytes },
        `the kernel granted the HEP listener a smaller receive buffer than asked: a burst may be dropped there (counted in wwe_gateway_hep_kernel_drops_total); raise it with sysctl -w net.core.rmem_max=${Math.ceil(asked / 2)}`,
      );
    }
    context.logger?.info({ host: bound.address, port: bound.port, receiveBufferBytes: listener.receiveBufferBytes }, 'HEP listener for remote answer ready');
    if (context.router) addAnswerRoute(context.router, relay);
    return new RemoteAnswerService(relay, listener, responder);
  }

  async stop(): Promise<void> {
    await this.listener.close();
    await this.responder.close();
  }
}
