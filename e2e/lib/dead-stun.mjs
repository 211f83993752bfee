// A STUN server that never answers: a UDP socket that reads and drops every request. (A closed port
// would answer with ICMP at once, which is not the slow case a dead server causes.)
import { createSocket } from 'node:dgram';

export async function startDeadStun() {
  const socket = createSocket('udp4');
  let requests = 0;
  socket.on('message', () => {
    requests += 1;
  });
  await new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  const { port } = socket.address();
  return {
    url: `stun:127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () => new Promise((resolve) => socket.close(resolve)),
  };
}
