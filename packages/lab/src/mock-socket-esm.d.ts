// mock-socket's "main" is a UMD bundle that browsers cannot import as ESM; its ES build has no typings.
declare module 'mock-socket/dist/mock-socket.es.mjs' {
  export * from 'mock-socket';
}
