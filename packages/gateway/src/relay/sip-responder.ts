import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { ResponseDestination } from '../sip/response.js';

/** Sends SIP responses over UDP from an ephemeral local port (Genesys matches them by Via branch). */
export interface SipResponder {
  send(text: string, destination: ResponseDestination): Promise<void>;
  close(): Promise<void>;
}

export class UdpSipResponder implements SipResponder {
  private v4: Socket | undefined;
  private v6: Socket | undefined;

  async send(text: string, destination: ResponseDestination): Promise<void> {
    const socket = this.socketFor(destination.host);
    await new Promise<void>((resolve, reject) =>
      socket.send(text, destination.port, destination.host, (error) => (error ? reject(error) : resolve())),
    );
  }

  async close(): Promise<void> {
    const sockets = [this.v4, this.v6].filter((socket): socket is Socket => socket !== undefined);
    this.v4 = this.v6 = undefined;
    await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
  }

  private socketFor(host: string): Socket {
    const create = (type: 'udp4' | 'udp6') => {
      const socket = createSocket(type);
      socket.on('error', () => undefined); // send errors arrive through the callback
      socket.unref();
      return socket;
    };
    if (isIPv6(host)) return (this.v6 ??= create('udp6'));
    return (this.v4 ??= create('udp4'));
  }
}
