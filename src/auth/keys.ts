/**
 * Random keys: tenant API keys and agents' refresh tokens (secret, stored as SHA-256
 * hashes) and widget keys (public).
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomToken(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length))) {
      // 248 = 4 * 62: dropping bytes above it keeps every character equally likely.
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

export const API_KEY_PREFIX = 'kefu_sk_';

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomToken(40)}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return new Bun.CryptoHasher('sha256').update(key).digest('hex');
}

export const REFRESH_TOKEN_PREFIX = 'kefu_rt_';

/** A refresh token (secret, stored as a SHA-256 hash like API keys). */
export function newRefreshToken(): { token: string; hash: string } {
  const token = `${REFRESH_TOKEN_PREFIX}${randomToken(43)}`;
  return { token, hash: hashApiKey(token) };
}

export function newWidgetKey(): string {
  return `wk_${randomToken(24)}`;
}

export function isApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}
