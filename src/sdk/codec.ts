/**
 * How frames travel: JSON text (the web widget, `/ws/customer`) or msgpack binary (apps,
 * `/ws/app`). Same frames either way (docs/protocol.md).
 */

export interface Codec {
  /** The endpoint this codec speaks to. */
  readonly path: '/ws/customer' | '/ws/app';
  encode(frame: object): string | Uint8Array;
  /** Parses a received frame; throws on garbage. */
  decode(data: string | ArrayBuffer | Uint8Array): unknown;
}

export const jsonCodec: Codec = {
  path: '/ws/customer',
  encode: (frame) => JSON.stringify(frame),
  decode(data) {
    if (typeof data !== 'string') throw new Error('expected a JSON text frame');
    return JSON.parse(data);
  },
};
