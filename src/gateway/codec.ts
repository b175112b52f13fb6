/**
 * Frame codecs: JSON text for the web widget and agents, msgpack binary for apps.
 * `Outbound` encodes a server frame at most once per codec, however many sockets get it.
 */
import { Packr } from 'msgpackr';
import type { ServerFrame } from './frames.ts';

export type Codec = 'json' | 'msgpack';

/** Both ends use these options: plain objects, no records, 64-bit ints as numbers. */
export const packr = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

export class Outbound {
  private json?: string;
  private msgpack?: Uint8Array;
  constructor(readonly frame: ServerFrame) {}

  encoded(codec: Codec): string | Uint8Array {
    if (codec === 'json') return (this.json ??= JSON.stringify(this.frame));
    return (this.msgpack ??= packr.pack(this.frame));
  }
}

export type Decoded =
  | { ok: true; value: unknown }
  | { ok: false; code: 'invalid_json' | 'invalid_frame'; message: string };

/** Parses one raw frame; never throws. */
export function decode(codec: Codec, raw: string | Buffer): Decoded {
  if (codec === 'json') {
    if (typeof raw !== 'string')
      return { ok: false, code: 'invalid_frame', message: 'send JSON text frames' };
    try {
      return { ok: true, value: JSON.parse(raw) };
    } catch {
      return { ok: false, code: 'invalid_json', message: 'frame is not valid JSON' };
    }
  }
  if (typeof raw === 'string')
    return { ok: false, code: 'invalid_frame', message: 'send msgpack binary frames' };
  try {
    return { ok: true, value: packr.unpack(raw) };
  } catch {
    return { ok: false, code: 'invalid_json', message: 'frame is not valid msgpack' };
  }
}
