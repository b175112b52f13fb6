/**
 * Frame encoding per dialect: JSON text for echo, widget and agent sockets, msgpack binary for
 * the app channel (plain objects, no records, as the protocol says), and the bench token that
 * carries the intended send time inside `clientMsgId` and `text`.
 */
import { Packr } from 'msgpackr';
import type { Dialect } from './protocol.ts';

const packr = new Packr({ useRecords: false });

/** Any decoded server frame; fields are checked where they are used. */
export type Frame = Record<string, unknown> & { t?: unknown };

/** Encodes a frame for the socket of a dialect. */
export function encodeFrame(dialect: Dialect, frame: object): string | Uint8Array {
  return dialect === 'app' ? packr.pack(frame) : JSON.stringify(frame);
}

/** Decodes a received frame; undefined if it is not an object. */
export function decodeFrame(data: unknown): Frame | undefined {
  try {
    const value =
      typeof data === 'string'
        ? JSON.parse(data)
        : packr.unpack(data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array));
    return value !== null && typeof value === 'object' ? (value as Frame) : undefined;
  } catch {
    return undefined;
  }
}

/** A unique message id carrying its intended send time: `b.<epochMicros>.<worker>.<n>`. */
export function benchToken(intendedMicros: number, worker: number, n: number): string {
  return `b.${intendedMicros}.${worker}.${n}`;
}

const TOKEN = /b\.(\d{10,17})\./;

/** The intended send time (epoch µs) inside a bench token or a text containing one. */
export function tokenTime(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = TOKEN.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Message text of about `bytes` characters that starts with the token. */
export function benchText(token: string, bytes: number): string {
  const head = `bench ${token} `;
  return bytes > head.length ? head + 'x'.repeat(bytes - head.length) : head.trim();
}
