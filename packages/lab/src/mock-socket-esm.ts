// mock-socket's "main" is a UMD bundle that browsers cannot import as ESM; its ES build ships without
// typings, so it is imported here once and given the package's own types.
import type * as MockSocket from 'mock-socket';
// @ts-expect-error -- no declaration file for the ES build; typed below.
import * as esm from 'mock-socket/dist/mock-socket.es.mjs';

const typed = esm as typeof MockSocket;
export const Server = typed.Server;
export const WebSocket = typed.WebSocket;
export type Server = MockSocket.Server;
export type Client = MockSocket.Client;
