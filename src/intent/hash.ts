/**
 * Stable 32-bit FNV-1a over the UTF-16 code units of a string. Identical on every run,
 * platform and Bun version, which is what feature hashing needs (unlike `Bun.hash`,
 * whose algorithm may change between releases).
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Hex SHA-256 of text or bytes, for data and model hashes in metadata. */
export function sha256Hex(data: string | Uint8Array): string {
  return new Bun.CryptoHasher('sha256').update(data).digest('hex');
}
