/**
 * A seeded generator of hostile input for the fuzz test: random JSON values, and
 * mutations of valid frames, bodies and bytes. The same seed gives the same inputs.
 */

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '💥'.repeat(50),
  '<script>alert(1)</script>',
  "'; DROP TABLE messages; --",
  '../../etc/passwd',
  '%00%ff',
  '{{customer.name}}{{constructor.constructor}}',
  '__proto__',
  'constructor',
  'a'.repeat(70),
  'x'.repeat(5000),
  '-1',
  'NaN',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  '\r\n\r\nX-Injected: 1',
  ']]></xml><xml>',
];
const NASTY_NUMBERS = [
  0,
  -1,
  1,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  1e308,
  -1e-308,
  0.5,
  Number.MAX_SAFE_INTEGER + 2,
];
const KEYS = [
  't',
  'text',
  'clientMsgId',
  'conversationId',
  'afterSeq',
  'seq',
  'score',
  'status',
  'toAgentId',
  'toGroup',
  'reason',
  '__proto__',
  'constructor',
  'prototype',
  'name',
  'id',
  'version',
  'rules',
  'examples',
  'events',
  'url',
];

export function randomString(rng: Rng): string {
  if (rng.chance(0.5)) return rng.pick(NASTY_STRINGS);
  const length = rng.int(40);
  let s = '';
  for (let i = 0; i < length; i++)
    s += String.fromCharCode(rng.int(rng.chance(0.8) ? 128 : 0xffff));
  return s;
}

export function randomValue(rng: Rng, depth = 0): unknown {
  const kind = rng.int(depth > 3 ? 5 : 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(NASTY_NUMBERS);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
      return Array.from({ length: rng.int(5) }, () => randomValue(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(6); i > 0; i--) {
        const key = rng.chance(0.7) ? rng.pick(KEYS) : randomString(rng);
        Object.defineProperty(out, key, {
          value: randomValue(rng, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return out;
    }
  }
}

/** A structurally plausible mutation of a valid object (a frame or a request body). */
export function mutateValue(rng: Rng, valid: unknown): unknown {
  if (valid === null || typeof valid !== 'object' || Array.isArray(valid)) {
    return rng.chance(0.5) ? randomValue(rng) : valid;
  }
  const out: Record<string, unknown> = { ...(valid as Record<string, unknown>) };
  const keys = Object.keys(out);
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const key = keys.length ? rng.pick(keys) : 'x';
    switch (rng.int(6)) {
      case 0:
        delete out[key];
        break;
      case 1:
        out[key] = randomValue(rng);
        break;
      case 2:
        out[rng.pick(KEYS)] = randomValue(rng);
        break;
      case 3:
        out[key] = typeof out[key] === 'string' ? randomString(rng) : rng.pick(NASTY_NUMBERS);
        break;
      case 4:
        out[key] = mutateValue(rng, out[key]);
        break;
      default:
        out[key] = nest(rng.int(200));
    }
  }
  return out;
}

function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Byte-level damage: flips, truncation, insertion, duplication. */
export function mutateBytes(rng: Rng, bytes: Uint8Array): Uint8Array {
  const out = Array.from(bytes);
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const at = out.length ? rng.int(out.length) : 0;
    switch (rng.int(5)) {
      case 0:
        if (out.length) out[at] = rng.int(256);
        break;
      case 1:
        out.length = at;
        break;
      case 2:
        out.splice(at, 0, ...Array.from({ length: 1 + rng.int(8) }, () => rng.int(256)));
        break;
      case 3:
        out.splice(at, 0, ...out.slice(at, at + 1 + rng.int(32)));
        break;
      default:
        if (out.length) out[at] = out[at]! ^ (1 << rng.int(8));
    }
  }
  return Uint8Array.from(out);
}

/** Text-level damage that keeps it text: for JSON and XML. */
export function mutateText(rng: Rng, text: string): string {
  const pieces = ['{', '}', '[', ']', '"', ',', ':', '<', '>', '/', '<![CDATA[', ']]>', '&', '\\'];
  let out = text;
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const at = rng.int(out.length + 1);
    switch (rng.int(4)) {
      case 0:
        out = out.slice(0, at) + rng.pick(pieces) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + rng.int(10));
        break;
      case 2:
        out = out.slice(0, at);
        break;
      default:
        out = out.slice(0, at) + randomString(rng) + out.slice(at);
    }
  }
  return out;
}

/** What a stack trace or a source path looks like in a response. */
export const STACK_TRACE = /\bat [^\n]*\(?[^\s()]+:\d+:\d+\)?|\/src\/|node_modules|\.tsx?:\d+/;
