import { Elysia, t } from 'elysia';
import { changePassword, checkLogin } from '../../accounts/index.ts';
import { KefuError, unauthorized } from '../../errors.ts';
import { clientAddress } from '../client-address.ts';
import type { HttpDeps } from '../deps.ts';
import { ErrorResponse } from '../schemas.ts';

const Tokens = {
  token: t.String({
    description: 'Access JWT for `Authorization: Bearer` and `/ws/agent?token=` (short-lived)',
  }),
  expiresIn: t.Integer({ description: 'seconds the access token lives' }),
  refreshToken: t.String({
    description: 'Trade it once at /api/v1/auth/refresh for new tokens; keep it secret',
  }),
  refreshExpiresAt: t.Integer({ description: 'epoch ms: the session ends then' }),
};

const AgentJson = t.Object({
  id: t.String(),
  tenantId: t.String(),
  email: t.String(),
  name: t.String(),
  role: t.String(),
});

const RefreshBody = t.Object(
  { refreshToken: t.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

/** Sign-in, token refresh, sign-out, password change. */
export function authRoutes(deps: HttpDeps) {
  const { store, sessions, throttle } = deps;
  const agentView = (u: {
    id: string;
    tenantId: string;
    email: string;
    name: string;
    role: string;
  }) => ({
    id: u.id,
    tenantId: u.tenantId,
    email: u.email,
    name: u.name,
    role: u.role,
  });
  return new Elysia({ prefix: '/api/v1/auth', detail: { tags: ['auth'] } })
    .post(
      '/login',
      async ({ body, request, server }) => {
        const address = clientAddress(request, server, deps.trustProxy);
        const user = await throttle.guard(body.email, address, () =>
          checkLogin(store, body.email, body.password),
        );
        const tokens = await sessions.open(user);
        const { sessionId: _, ...rest } = tokens;
        return { ...rest, agent: agentView(user) };
      },
      {
        body: t.Object(
          {
            email: t.String({ minLength: 3, maxLength: 254 }),
            password: t.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: t.Object({ ...Tokens, agent: AgentJson }),
          401: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
        detail: {
          summary: 'Agent login: email and password for an access token and a refresh token',
          description:
            'After 5 failed logins for one email from one address within 15 minutes (20 from any address), further attempts answer 429 `login_locked` with `Retry-After` for 15 minutes.',
        },
      },
    )
    .post(
      '/refresh',
      async ({ body }) => {
        const { user, tokens } = await sessions.refresh(body.refreshToken);
        const { sessionId: _, ...rest } = tokens;
        return { ...rest, agent: agentView(user) };
      },
      {
        body: RefreshBody,
        response: { 200: t.Object({ ...Tokens, agent: AgentJson }), 401: ErrorResponse },
        detail: {
          summary: 'Trade a refresh token for new tokens',
          description:
            'Each refresh token works once. Presenting one that was already used revokes its whole session (it was copied): sign in again.',
        },
      },
    )
    .post(
      '/logout',
      async ({ headers, body, set }) => {
        if (headers.authorization) {
          const principal = await deps.authn.principal(headers.authorization);
          if (principal.kind !== 'agent' || !principal.sessionId)
            throw new KefuError('forbidden', 'an agent token is needed');
          await sessions.revoke(principal.sessionId, 'logout');
        } else if (body?.refreshToken) {
          if (!(await sessions.revokeByRefreshToken(body.refreshToken)))
            throw new KefuError('invalid_token', 'unknown refresh token');
        } else {
          throw unauthorized('send the access token or the refresh token');
        }
        set.status = 204;
      },
      {
        body: t.Optional(RefreshBody),
        response: { 204: t.Void(), 401: ErrorResponse, 403: ErrorResponse },
        detail: {
          summary: 'Sign out: the session ends, its access and refresh tokens stop working',
          description:
            'Authenticate with the access token, or (when it expired) send the refresh token in the body.',
          security: [{ bearer: [] }],
        },
      },
    )
    .post(
      '/password',
      async ({ headers, body, set, request, server }) => {
        const principal = await deps.authn.principal(headers.authorization);
        if (principal.kind !== 'agent')
          throw new KefuError('forbidden', 'an agent token is needed');
        // Guesses at the current password (with a stolen token) count like failed logins.
        const { email } = await deps.engine.agentAccount(principal.tenantId, principal.agentId);
        const address = clientAddress(request, server, deps.trustProxy);
        await throttle.guard(email, address, () =>
          changePassword(store, sessions, principal, body.currentPassword, body.newPassword),
        );
        set.status = 204;
      },
      {
        body: t.Object(
          {
            currentPassword: t.String({ minLength: 1, maxLength: 1024 }),
            newPassword: t.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: {
          204: t.Void(),
          401: ErrorResponse,
          403: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
        detail: {
          summary: 'Change your own password (your other sessions end)',
          description:
            'The new password: at least 10 characters, of at least two kinds (lower case, upper case, digits, symbols), not your email. 422 `weak_password` otherwise. Wrong current passwords count as failed logins (429 `login_locked` past the limit).',
          security: [{ bearer: [] }],
        },
      },
    );
}
