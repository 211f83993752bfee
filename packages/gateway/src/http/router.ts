import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessScope } from './auth.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** Path parameters: `/api/dns/:dn` → `{ dn }` (decoded, not yet validated). */
  readonly params: Readonly<Record<string, string>>;
  /** What the request's token granted; undefined on open routes or when no token is configured. */
  readonly scope: AccessScope | undefined;
}

export type RouteHandler = (context: RequestContext) => void | Promise<void>;

export interface RouteOptions {
  /** Require the bearer token (when one is configured). Default true. */
  auth?: boolean;
  /**
   * Also readable with the read-only presence token, and by the CORS allow-list's origins (agents'
   * browsers). Only for GET routes that reveal no more than one DN's state. Default false.
   */
  presence?: boolean;
  /**
   * Open to the CORS allow-list's origins although it is not a read: only for routes that check an
   * agent's proof of its SIP password themselves (`auth: false`), never a bearer token. Default false.
   */
  crossOrigin?: boolean;
}

export interface Route {
  readonly method: HttpMethod;
  readonly pattern: string;
  readonly auth: boolean;
  readonly presence: boolean;
  readonly crossOrigin: boolean;
  readonly handler: RouteHandler;
}

/**
 * A small method + path router. Parts of the gateway register their own routes
 * (`router.add('POST', '/api/dns/:dn/answer', handler)`); the server adds auth, errors and limits.
 */
export class Router {
  readonly #routes: Array<Route & { readonly segments: readonly string[] }> = [];

  add(method: HttpMethod, pattern: string, handler: RouteHandler, options: RouteOptions = {}): this {
    if (!pattern.startsWith('/')) throw new TypeError(`route pattern must start with "/": ${pattern}`);
    const segments = split(pattern);
    if (this.#routes.some((r) => r.method === method && r.pattern === pattern)) throw new Error(`route ${method} ${pattern} is already registered`);
    const presence = options.presence ?? false;
    if (presence && method !== 'GET') throw new TypeError(`presence routes are read-only: ${method} ${pattern}`);
    const crossOrigin = options.crossOrigin ?? false;
    if (crossOrigin && options.auth !== false) throw new TypeError(`cross-origin routes authenticate the agent themselves ({ auth: false }): ${method} ${pattern}`);
    this.#routes.push({ method, pattern, handler, auth: options.auth ?? true, presence, crossOrigin, segments });
    return this;
  }

  get routes(): readonly Route[] {
    return this.#routes;
  }

  /** The methods open to the CORS allow-list on this path: presence reads and cross-origin routes. */
  crossOriginMethods(pathname: string): ReadonlySet<HttpMethod> {
    const parts = split(pathname);
    const methods = new Set<HttpMethod>();
    for (const route of this.#routes) if ((route.presence || route.crossOrigin) && matchSegments(route.segments, parts) !== undefined) methods.add(route.method);
    return methods;
  }

  /** The route for a method and path, `methodNotAllowed` when only the path matches. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
    const parts = split(pathname);
    let pathMatched = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
      pathMatched = true;
    }
    return pathMatched ? { methodNotAllowed: true } : undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const part = parts[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (p !== part) return undefined;
  }
  return params;
}
