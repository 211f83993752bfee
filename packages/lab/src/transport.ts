import type { SipRequest, SipResponse } from './sip-message.js';

/** A WebSocket connection from a softphone to the lab. */
export interface LabConnection {
  readonly id: number;
  readonly open: boolean;
}

/** A request the lab sent, waiting for its final response. */
export interface ClientTransaction {
  readonly branch: string;
  readonly final: Promise<SipResponse>;
  onProvisional(listener: (response: SipResponse) => void): void;
}

/** What calls and the registrar need from the lab's wire. */
export interface LabTransport {
  readonly host: string;
  sendRequest(
    connection: LabConnection,
    startLine: string,
    headers: [string, string][],
    body?: string,
    options?: { branch?: string },
  ): ClientTransaction;
  sendResponse(connection: LabConnection, request: SipRequest, status: number, reason: string, headers?: [string, string][], body?: string): void;
}
