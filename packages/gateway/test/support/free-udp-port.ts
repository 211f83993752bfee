import { createSocket } from 'node:dgram';
import { once } from 'node:events';

/** A UDP port on 127.0.0.1 that was free a moment ago (for settings that refuse port 0). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
