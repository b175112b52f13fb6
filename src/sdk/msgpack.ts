/**
 * The msgpack codec for `/ws/app`, in its own module so a JSON-only web bundle does not
 * carry msgpackr. Options match the server's: plain objects, no records, int64 as numbers.
 */
import { Packr } from 'msgpackr';
import type { Codec } from './codec.ts';

const packr = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

export const msgpackCodec: Codec = {
  path: '/ws/app',
  encode: (frame) => packr.pack(frame),
  decode(data) {
    if (typeof data === 'string') throw new Error('expected a msgpack binary frame');
    return packr.unpack(data instanceof Uint8Array ? data : new Uint8Array(data));
  },
};
