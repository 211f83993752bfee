import { AmiInvalidFieldError } from '../errors.js';
import type { AmiClient } from './client.js';
import type { AmiMessage } from './message.js';

/**
 * Typed wrappers for the few actions the gateway sends. Every value still goes through the
 * serializer's CR/LF check; these add the shape checks Asterisk would otherwise answer with an error.
 */

/** `PJSIPRegister`: Asterisk unregisters, then REGISTERs after its initial delay. Confirm by `Registry`. */
export async function pjsipRegister(client: AmiClient, registration: string): Promise<AmiMessage> {
  return client.send('PJSIPRegister', { Registration: refuseAll(registration) });
}

/** `PJSIPUnregister`: sends Expires: 0 and stops refreshing until the next `PJSIPRegister`. */
export async function pjsipUnregister(client: AmiClient, registration: string): Promise<AmiMessage> {
  return client.send('PJSIPUnregister', { Registration: refuseAll(registration) });
}

export interface PjsipNotifyRequest {
  /** Endpoint name (the DN). Asterisk sends an out-of-dialog NOTIFY to each of its contacts. */
  endpoint: string;
  /** Headers to add, in order: `{ Event: 'talk', 'X-Genesys-CallUUID': '…' }` → `Variable: Event=talk` … */
  headers: Readonly<Record<string, string>>;
}

/**
 * `PJSIPNotify Endpoint: <dn>` with one `Variable: Name=Value` per header. Asterisk answers `Success`
 * even when the endpoint has no contact, so check the DN has a browser first.
 */
export async function pjsipNotify(client: AmiClient, request: PjsipNotifyRequest): Promise<AmiMessage> {
  const variables = Object.entries(request.headers).map(([name, value]) => {
    if (!/^[A-Za-z0-9-]+$/.test(name)) throw new AmiInvalidFieldError(`Variable ${name}`, 'SIP header names are letters, digits and "-"');
    return `${name}=${value}`;
  });
  if (variables.length === 0) throw new AmiInvalidFieldError('Variable', 'PJSIPNotify needs at least one header');
  return client.send('PJSIPNotify', { Endpoint: request.endpoint, Variable: variables });
}

function refuseAll(name: string): string {
  // `*all` acts on every registration and `PJSIPUnregister *all` breaks later per-name registers.
  if (name.trim().toLowerCase() === '*all') throw new AmiInvalidFieldError('Registration', '"*all" acts on every registration and is never sent');
  return name;
}
