/**
 * Login throttling: failed logins are counted per email and address, and per email
 * alone (a slower limit against guessing from many addresses). Past the limit the pair
 * (or the email) is locked for a while: 429 `login_locked` with `Retry-After`, whatever
 * the password. Counters live in the database, so they survive a restart and every node
 * of a cluster shares them.
 */
import { KefuError } from '../errors.ts';
import {
  clearLoginFailures,
  getLoginFailures,
  isUniqueViolation,
  putLoginFailures,
  type Store,
} from '../store/index.ts';

export interface ThrottleLimits {
  windowMs: number;
  lockMs: number;
  /** Failures from one address for one email before that pair is locked. */
  perAddress: number;
  /** Failures for one email from any address before the email is locked. */
  perEmail: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  perAddress: 5,
  perEmail: 20,
};

export class LoginThrottle {
  constructor(
    private readonly store: Store,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /**
   * Runs a password check under the throttle: refused while locked, a wrong password
   * (`invalid_credentials`) counted, a right one clearing the counters.
   *
   * @example const user = await throttle.guard(email, ip, () => checkLogin(store, email, pw));
   */
  async guard<T>(email: string, address: string, attempt: () => Promise<T>): Promise<T> {
    await this.check(email, address);
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      if (error instanceof KefuError && error.code === 'invalid_credentials')
        await this.failed(email, address);
      throw error;
    }
    await this.succeeded(email, address);
    return result;
  }

  /** Throws `login_locked` while this email (from this address) may not try. */
  async check(email: string, address: string): Promise<void> {
    const now = Date.now();
    for (const key of keys(email, address)) {
      const row = await this.store.read((c) => getLoginFailures(c, key.id));
      if (row?.lockedUntil && row.lockedUntil > now) {
        throw new KefuError('login_locked', 'too many failed logins: try again later', {
          retryAfterSec: Math.ceil((row.lockedUntil - now) / 1000),
        });
      }
    }
  }

  /** Counts a failed login. */
  async failed(email: string, address: string): Promise<void> {
    const { windowMs, lockMs } = this.limits;
    for (const key of keys(email, address)) {
      const max = key.kind === 'pair' ? this.limits.perAddress : this.limits.perEmail;
      const count = () =>
        this.store.tx(function* (c) {
          const now = Date.now();
          const row = yield* getLoginFailures(c, key.id, true);
          const fresh = !row || now - row.windowStart > windowMs;
          const failures = fresh ? 1 : row.failures + 1;
          yield* putLoginFailures(
            c,
            {
              key: key.id,
              failures,
              windowStart: fresh ? now : row.windowStart,
              lockedUntil: failures >= max ? now + lockMs : (row?.lockedUntil ?? null),
            },
            !!row,
          );
        });
      // Two first failures at once: one inserts, the other counts again as an update.
      await count().catch((error) => (isUniqueViolation(error) ? count() : Promise.reject(error)));
    }
  }

  /** A successful login clears the counters. */
  async succeeded(email: string, address: string): Promise<void> {
    for (const key of keys(email, address)) {
      await this.store.tx((c) => clearLoginFailures(c, key.id));
    }
  }
}

function keys(email: string, address: string) {
  const normal = email.trim().toLowerCase();
  return [
    { kind: 'pair' as const, id: sha256(`pair\n${normal}\n${address}`) },
    { kind: 'email' as const, id: sha256(`email\n${normal}`) },
  ];
}

const sha256 = (s: string) => new Bun.CryptoHasher('sha256').update(s).digest('hex');
