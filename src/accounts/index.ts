/**
 * Tenants and their people: create a tenant (with its first API key and widget key),
 * create agents, check a login. Used by the CLI and the HTTP API alike.
 */
import { type Actor, audit } from '../audit/index.ts';
import {
  checkPasswordPolicy,
  MAX_PASSWORD_LENGTH,
  newApiKey,
  newWidgetKey,
  ROLES,
  type Role,
} from '../auth/index.ts';
import { KefuError } from '../errors.ts';
import {
  findUserByEmail,
  getUser,
  insertApiKey,
  insertTenant,
  insertUser,
  isForeignKeyViolation,
  isUniqueViolation,
  type Store,
  setUserPassword,
  type User,
} from '../store/index.ts';
import type { Sessions } from './sessions.ts';

export interface CreatedTenant {
  tenantId: string;
  apiKey: string;
  widgetKey: string;
}

export {
  type ApiKeyView,
  apiKeyView,
  createApiKey,
  listTenantApiKeys,
  MAX_LIVE_KEYS,
  revokeTenantApiKey,
} from './api-keys.ts';
export { type AgentPatch, editAgent } from './edit-agent.ts';
export { DEFAULT_THROTTLE, LoginThrottle, type ThrottleLimits } from './login-throttle.ts';
export { type RevokeReason, Sessions, type SessionTokens } from './sessions.ts';
export { TenantDirectory } from './tenant-directory.ts';

/** Scopes of the key `tenant create` makes: everything, like the tenant's owner. */
export const FULL_ACCESS = ['*'];

export async function createTenant(store: Store, input: { name: string }): Promise<CreatedTenant> {
  const name = input.name.trim();
  if (!name || name.length > 200)
    throw new KefuError('validation_failed', 'name: 1 to 200 characters');
  const tenantId = Bun.randomUUIDv7();
  const widgetKey = newWidgetKey();
  const apiKey = newApiKey();
  const now = Date.now();
  await store.tx(function* (c) {
    yield* insertTenant(c, {
      id: tenantId,
      name,
      widgetKey,
      createdAt: now,
      retentionDays: null,
      identitySecret: null,
      allowedOrigins: null,
    });
    yield* insertApiKey(c, {
      id: Bun.randomUUIDv7(),
      tenantId,
      name: 'default',
      prefix: apiKey.prefix,
      keyHash: apiKey.hash,
      scopes: FULL_ACCESS,
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
    });
  });
  return { tenantId, apiKey: apiKey.key, widgetKey };
}

export interface AgentInput {
  tenantId: string;
  email: string;
  password: string;
  name?: string;
  role?: Role;
  skills?: string[];
  capacity?: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creates an agent; `actor` (an admin, a key) is written to the audit log with it. */
export async function createAgent(store: Store, input: AgentInput, actor?: Actor): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw invalid('email: not a valid address');
  checkPasswordPolicy(input.password, email);
  const role = input.role ?? 'agent';
  if (!ROLES.includes(role)) throw invalid(`role: one of ${ROLES.join(', ')}`);
  const capacity = input.capacity ?? 5;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 100)
    throw invalid('capacity: 1 to 100');
  const skills = [...new Set((input.skills ?? []).map((s) => s.trim()).filter(Boolean))];
  const user: User = {
    id: Bun.randomUUIDv7(),
    tenantId: input.tenantId,
    email,
    name: input.name?.trim() || email.split('@')[0]!,
    passwordHash: await Bun.password.hash(input.password, { algorithm: 'argon2id' }),
    role,
    skills,
    capacity,
    createdAt: Date.now(),
    disabledAt: null,
  };
  try {
    await store.tx(function* (c) {
      yield* insertUser(c, user);
      if (actor)
        yield* audit(c, user.tenantId, actor, 'agent.create', ['agent', user.id], {
          email,
          role,
        });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new KefuError('conflict', `an account with ${email} exists`);
    if (isForeignKeyViolation(error)) {
      throw new KefuError('not_found', 'tenant not found');
    }
    throw error;
  }
  return user;
}

/** The user for these credentials; the same error whether the email or the password is wrong. */
export async function checkLogin(store: Store, email: string, password: string): Promise<User> {
  const user = await store.read((c) => findUserByEmail(c, email.trim().toLowerCase()));
  // Verify against a dummy hash when the user is unknown, so timing does not tell.
  const ok = await Bun.password.verify(password, user?.passwordHash ?? (await DUMMY_HASH()));
  if (!user || !ok || user.disabledAt) {
    throw new KefuError('invalid_credentials', 'wrong email or password');
  }
  return user;
}

/**
 * An agent changes their own password: the current one must match, the new one pass the
 * policy; their other sessions end.
 */
export async function changePassword(
  store: Store,
  sessions: Sessions,
  who: { tenantId: string; agentId: string; sessionId?: string },
  current: string,
  next: string,
): Promise<void> {
  const user = await store.read((c) => getUser(c, who.tenantId, who.agentId));
  if (!user || user.disabledAt) throw new KefuError('invalid_token', 'account disabled or removed');
  if (
    current.length > MAX_PASSWORD_LENGTH ||
    !(await Bun.password.verify(current, user.passwordHash))
  )
    throw new KefuError('invalid_credentials', 'the current password is wrong');
  checkPasswordPolicy(next, user.email);
  if (next === current) throw new KefuError('weak_password', 'password: the same as before');
  const hash = await Bun.password.hash(next, { algorithm: 'argon2id' });
  await store.tx(function* (c) {
    yield* setUserPassword(c, user.tenantId, user.id, hash);
    yield* audit(c, user.tenantId, { kind: 'agent', id: user.id }, 'agent.password_change', [
      'agent',
      user.id,
    ]);
  });
  await sessions.revokeAgent(user.tenantId, user.id, 'password_changed', who.sessionId);
}

let dummyHash: Promise<string> | undefined;
const DUMMY_HASH = () => (dummyHash ??= Bun.password.hash('kefu-dummy', { algorithm: 'argon2id' }));

const invalid = (message: string) => new KefuError('validation_failed', message);
