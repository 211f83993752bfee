import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Why `value` is not an exact browser origin (`https://wwe.example.com`, `http://localhost:8080`), or
 * undefined when it is. Browsers send the origin serialized (lower-case host, no default port, no path),
 * so only that exact form can ever match; anything else is an operator's typo, reported with the fix.
 */
export function originProblem(value: string): string | undefined {
  if (value === '*' || value.includes('*')) return `${JSON.stringify(value)}: wildcards are not allowed; list each origin exactly`;
  if (value === 'null') return '"null" is not allowed: sandboxed frames and file: pages all send it';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not an origin (expected scheme://host[:port], e.g. https://wwe.example.com)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${JSON.stringify(value)}: only http and https origins are allowed`;
  if (url.username || url.password) return `${JSON.stringify(value)}: an origin has no user or password`;
  if (url.origin !== value) return `${JSON.stringify(value)} is not an exact origin: write ${JSON.stringify(url.origin)} (no path, no trailing slash, lower-case host, no default port)`;
  return undefined;
}

/**
 * The request headers browsers send here: a bearer token or an agent proof, what they accept, and the
 * JSON type of a cross-origin POST (a quality report).
 */
const ALLOWED_HEADERS = new Set(['authorization', 'accept', 'content-type']);
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The CORS allow-list. Responses echo the one allowed origin (never `*`), always with `Vary: Origin`
 * so a cache never serves one origin's answer to another; other origins get no CORS headers at all.
 * No `Access-Control-Allow-Credentials`: the API uses bearer tokens, never cookies.
 */
export class CorsPolicy {
  readonly #origins: ReadonlySet<string>;

  /** `origins` must be validated already (`originProblem`). */
  constructor(origins: readonly string[]) {
    this.#origins = new Set(origins);
  }

  get origins(): readonly string[] {
    return [...this.#origins];
  }

  get enabled(): boolean {
    return this.#origins.size > 0;
  }

  /** The request's `Origin` when it is on the list. */
  allowedOrigin(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    return typeof origin === 'string' && this.#origins.has(origin) ? origin : undefined;
  }

  /** Headers for an actual (non-preflight) request to a route open to other origins. */
  applyTo(req: IncomingMessage, res: ServerResponse): void {
    if (!this.enabled) return;
    res.setHeader('vary', 'Origin');
    const origin = this.allowedOrigin(req);
    if (origin) res.setHeader('access-control-allow-origin', origin);
  }

  /**
   * Answers an `OPTIONS` preflight: 204 with the CORS headers when the origin, method (one of the
   * path's `methods`: GET brings HEAD) and headers are allowed, else 403 without any CORS header (the
   * browser then blocks the request).
   */
  preflight(req: IncomingMessage, res: ServerResponse, methods: ReadonlySet<string>): { allowed: boolean; reason?: string } {
    res.setHeader('vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    const origin = this.allowedOrigin(req);
    if (!origin) return { allowed: false, reason: 'origin not allowed' };
    const allowedMethods = methods.has('GET') ? [...methods, 'HEAD'] : [...methods];
    const method = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
    if (!allowedMethods.includes(method)) return { allowed: false, reason: `method ${method || '(none)'} not allowed` };
    const requested = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
    const refused = requested.find((h) => !ALLOWED_HEADERS.has(h));
    if (refused) return { allowed: false, reason: `header ${refused} not allowed` };
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-methods', allowedMethods.join(', '));
    res.setHeader('access-control-allow-headers', 'Authorization, Accept, Content-Type');
    res.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    res.writeHead(204).end();
    return { allowed: true };
  }
}
