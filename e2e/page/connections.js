// Every RTCPeerConnection the page creates, whoever creates it (the softphone, JsSIP, the widget, which
// does not expose its own): the runner reads their statistics and the ICE candidate errors they report.
export const connections = [];
const listeners = [];

/** Calls `listener(connection)` for every connection created from now on. */
export function onConnection(listener) {
  listeners.push(listener);
}

const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(...args) {
    super(...args);
    connections.push(this);
    for (const listener of listeners) listener(this);
  }
};

/** The newest connection that is not closed. */
export function liveConnection() {
  return connections.filter((connection) => connection.connectionState !== 'closed').at(-1);
}
