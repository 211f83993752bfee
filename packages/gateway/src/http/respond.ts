import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors.js';

/** Sends JSON with no caching. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Error body: `{ "error": { "code": "…", "message": "…" } }`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: { code, message } });
}

export class HttpError extends GatewayError {
  constructor(
    readonly status: number,
    readonly httpCode: string,
    message: string,
  ) {
    super('HTTP_BAD_REQUEST', message);
  }
}

/** The client went away before its request was complete: nobody is left to answer. */
export class RequestAbortedError extends HttpError {
  constructor() {
    super(400, 'REQUEST_ABORTED', 'the client closed the connection before sending the whole request');
  }
}

/**
 * Reads a JSON body of at most `maxBytes` (default 16 KiB). An empty body is `{}`. Throws `HttpError`
 * (413, 415 or 400) that the server turns into a JSON error reply, or `RequestAbortedError` when the
 * client leaves halfway.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = 16 * 1024): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, 'BODY_TOO_LARGE', `body larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw new HttpError(413, 'BODY_TOO_LARGE', `body larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new RequestAbortedError(); // the only way reading a request fails: its connection went
  }
  if (size === 0) return {};
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'the body is not valid JSON');
  }
}
