import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { isLoopbackHost, requestScope, type AccessScope } from './auth.js';
import { CorsPolicy, originProblem } from './cors.js';
import { changesState, foreignOrigin, isLoopbackHostHeader } from './request-origin.js';
import { HttpError, RequestAbortedError, sendError } from './respond.js';
import { Router } from './router.js';

export interface HttpServerOptions {
  /** Default 127.0.0.1. Any other address requires `token`. */
  host?: string;
  /** Default 8090 (Asterisk's own HTTP server usually has 8088); 0 picks a free port. */
  port?: number;
  /** Bearer token for every route but `/healthz` and the dashboard shell. Never logged. */
  token?: string;
  /**
   * Read-only token for agents' browsers: accepted only on presence routes (`GET /api/dns/:dn`).
   * Requires `token` (without it every route is open) and must differ from it. Never logged.
   */
  presenceToken?: string;
  /** Exact origins (`https://wwe.example.com`) whose pages may read the presence routes. Default none. */
  corsOrigins?: readonly string[];
  /**
   * Most connections open at once; past it new ones are closed as they arrive. Default 4096: every
   * agent's browser keeps one while it polls presence, so size it above the number of agents.
   */
  maxConnections?: number;
  logger?: Logger;
}

export const HTTP_SERVER_DEFAULTS = { host: '127.0.0.1', port: 8090, maxConnections: 4096 } as const;

/**
 * The gateway's HTTP front: bearer auth, JSON errors, security headers, and a `Router` that other parts
 * add routes to. With no token it refuses to listen anywhere but loopback, answers only requests
 * addressed to a loopback name, and refuses other sites' pages; with one, other sites' pages still
 * cannot send anything that changes state.
 */
export class GatewayHttpServer {
  readonly router = new Router();
  readonly #host: string;
  readonly #port: number;
  readonly #token: string | undefined;
  readonly #presenceToken: string | undefined;
  readonly #cors: CorsPolicy;
  readonly #log: Logger;
  readonly #server: Server;
  #openConnections = 0;
  #connectionsRefused = 0;

  constructor(options: HttpServerOptions = {}) {
    this.#host = options.host ?? HTTP_SERVER_DEFAULTS.host;
    this.#port = options.port ?? HTTP_SERVER_DEFAULTS.port;
    this.#token = options.token === '' ? undefined : options.token;
    this.#presenceToken = options.presenceToken === '' ? undefined : options.presenceToken;
    this.#log = options.logger ?? silentLogger();
    const problems: string[] = [];
    if (!this.#token && !isLoopbackHost(this.#host)) {
      problems.push(`http.host is ${this.#host} but no HTTP token is set: set WWE_GATEWAY_HTTP_TOKEN (or _FILE), or listen on 127.0.0.1`);
    }
    if (this.#presenceToken !== undefined && this.#token === undefined) {
      problems.push('a presence token needs the admin token too (WWE_GATEWAY_HTTP_TOKEN): without it every route is open');
    }
    if (this.#presenceToken !== undefined && this.#presenceToken === this.#token) problems.push('the presence token must differ from the admin token');
    for (const origin of options.corsOrigins ?? []) {
      const problem = originProblem(origin);
      if (problem) problems.push(`http.corsOrigins: ${problem}`);
    }
    if (problems.length > 0) throw new ConfigError(problems);
    this.#cors = new CorsPolicy(options.corsOrigins ?? []);
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.headersTimeout = 10_000;
    this.#server.requestTimeout = 30_000;
    this.#server.maxConnections = options.maxConnections ?? HTTP_SERVER_DEFAULTS.maxConnections;
    this.#server.on('connection', (socket) => {
      this.#openConnections += 1;
      socket.once('close', () => (this.#openConnections -= 1));
    });
    this.#server.on('drop', () => {
      this.#connectionsRefused += 1;
      // The first refusal, then one line per thousand: a flood is counted in the metrics, not the log.
      if (this.#connectionsRefused % 1000 === 1) {
        this.#log.warn({ maxConnections: this.#server.maxConnections, refused: this.#connectionsRefused }, 'HTTP connection limit reached: new connections are closed on arrival');
      }
    });
  }

  get authRequired(): boolean {
    return this.#token !== undefined;
  }

  /** Connections open now. */
  get openConnections(): number {
    return this.#openConnections;
  }

  /** Connections closed on arrival because `maxConnections` were open, over the server's life. */
  get connectionsRefused(): number {
    return this.#connectionsRefused;
  }

  async start(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, this.#host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    if (!this.authRequired) {
      this.#log.warn(
        { host: address.address, port: address.port },
        'HTTP API has no token: every route is open to every program on this host; set WWE_GATEWAY_HTTP_TOKEN (or _FILE)',
      );
    }
    this.#log.info(
      { host: address.address, port: address.port, auth: this.authRequired, presenceToken: this.#presenceToken !== undefined, corsOrigins: this.#cors.origins },
      'HTTP API listening',
    );
    return address;
  }

  async stop(): Promise<void> {
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections(); // SSE streams never end by themselves
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gateway.invalid');
    } catch {
      sendError(res, 400, 'BAD_URL', 'malformed request URL');
      return;
    }
    if (this.#token === undefined && !isLoopbackHostHeader(req.headers.host)) {
      sendError(res, 403, 'HOST_NOT_ALLOWED', 'without an HTTP token the gateway answers only requests addressed to localhost, 127.0.0.1 or [::1]');
      return;
    }
    const corsMethods = this.router.crossOriginMethods(url.pathname);
    if (req.method === 'OPTIONS' && corsMethods.size > 0 && this.#cors.enabled) {
      const { allowed, reason } = this.#cors.preflight(req, res, corsMethods);
      if (!allowed) sendError(res, 403, 'CORS_NOT_ALLOWED', `cross-origin request refused: ${reason ?? 'not allowed'}`);
      return;
    }
    if (corsMethods.size > 0) this.#cors.applyTo(req, res);
    const found = this.router.match(req.method ?? 'GET', url.pathname);
    if (!found) {
      sendError(res, 404, 'NOT_FOUND', `no route for ${url.pathname}`);
      return;
    }
    if ('methodNotAllowed' in found) {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`);
      return;
    }
    let scope: AccessScope | undefined;
    if (found.route.auth && this.#token !== undefined) {
      scope = requestScope(req, { admin: this.#token, presence: this.#presenceToken });
      if (scope === undefined) {
        res.setHeader('www-authenticate', 'Bearer realm="wwe-gateway"');
        sendError(res, 401, 'UNAUTHORIZED', 'send Authorization: Bearer <token> (WWE_GATEWAY_HTTP_TOKEN)');
        return;
      }
      if (scope === 'presence' && !found.route.presence) {
        sendError(res, 403, 'FORBIDDEN', 'the presence token reads only GET /api/dns/:dn');
        return;
      }
    }
    const foreign = foreignOrigin(req);
    const corsRead = found.route.presence && (req.method === 'GET' || req.method === 'HEAD') && this.#cors.allowedOrigin(req) !== undefined;
    // A cross-origin route checks the agent's proof itself: a listed origin's page may call it.
    const corsAgent = found.route.crossOrigin && this.#cors.allowedOrigin(req) !== undefined;
    // Without a token another site's page may do nothing here; with one, it may still never change state.
    if (foreign !== undefined && !corsRead && !corsAgent && (this.#token === undefined || changesState(req.method))) {
      sendError(res, 403, 'CROSS_ORIGIN_REFUSED', `requests from other sites' pages are refused (${foreign})`);
      return;
    }
    try {
      await found.route.handler({ req, res, url, params: found.params, scope });
    } catch (error) {
      if (error instanceof RequestAbortedError) {
        this.#log.info({ method: req.method, path: url.pathname }, 'client closed the connection before its request was complete');
        return;
      }
      if (error instanceof HttpError) {
        sendError(res, error.status, error.httpCode, error.message);
        return;
      }
      this.#log.error({ err: error, path: url.pathname }, 'HTTP handler failed');
      sendError(res, 500, 'INTERNAL', 'internal error; see the gateway log');
    }
  }
}
