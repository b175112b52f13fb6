/**
 * Client message ids: random, URL-safe, valid for the protocol (`[A-Za-z0-9_.:-]`, ≤ 64).
 * `crypto.getRandomValues` works on plain-http pages too, unlike `crypto.randomUUID`.
 */
export function newClientMsgId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = '';
  for (const b of bytes) id += b.toString(16).padStart(2, '0');
  return `${prefix}-${Date.now().toString(36)}-${id}`;
}
