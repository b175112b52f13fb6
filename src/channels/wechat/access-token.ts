/**
 * The access_token every WeChat API call needs: fetched on demand, cached until shortly
 * before `expires_in`, refreshed by one request however many callers wait for it.
 */

/** A token as `/cgi-bin/token` issues it. */
export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

export interface AccessTokenCacheOptions {
  /** Fetches a new token (with its own retries). */
  fetchToken: () => Promise<IssuedToken>;
  /** Epoch ms. */
  now: () => number;
  /** Refresh this long before expiry (capped at half the lifetime). Default 300 s. */
  marginSeconds?: number;
}

/** Caches one account's access_token; single-flight refresh. */
export class AccessTokenCache {
  private current: { token: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: AccessTokenCacheOptions) {}

  /** A token believed valid: the cached one, or a fresh one (one fetch for all waiters). */
  get(): Promise<string> {
    if (this.current && this.options.now() < this.current.refreshAt) {
      return Promise.resolve(this.current.token);
    }
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /**
   * Forgets `token` after WeChat called it invalid or expired. A token other than the
   * cached one (already replaced by a concurrent refresh) is left alone.
   */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async refresh(): Promise<string> {
    const issued = await this.options.fetchToken();
    const margin = Math.min(this.options.marginSeconds ?? 300, issued.expiresInSeconds / 2);
    const refreshAt = this.options.now() + (issued.expiresInSeconds - margin) * 1000;
    this.current = { token: issued.token, refreshAt };
    return issued.token;
  }
}
