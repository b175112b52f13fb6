/**
 * The kefu client SDK for web pages and mobile apps (docs/channels.md). Browser-safe: the
 * standard WebSocket, no Node or Bun APIs. Import `msgpackCodec` from `./msgpack.ts` for
 * the app endpoint.
 */
export { KefuClient, type KefuClientOptions, localStorageStore, memoryStore } from './client.ts';
export { type Codec, jsonCodec } from './codec.ts';
export type * from './types.ts';
