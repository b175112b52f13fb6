import { Elysia, t } from 'elysia';
import { checkLogin } from '../../accounts/index.ts';
import type { HttpDeps } from '../deps.ts';
import { ErrorResponse } from '../schemas.ts';

export function authRoutes(deps: HttpDeps) {
  return new Elysia({ prefix: '/api/v1/auth', detail: { tags: ['auth'] } }).post(
    '/login',
    async ({ body }) => {
      const user = await checkLogin(deps.store, body.email, body.password);
      const token = await deps.signer.signAgent({
        tenantId: user.tenantId,
        agentId: user.id,
        role: user.role as never,
      });
      return {
        token,
        agent: {
          id: user.id,
          tenantId: user.tenantId,
          email: user.email,
          name: user.name,
          role: user.role,
        },
      };
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
        200: t.Object({
          token: t.String({
            description: 'JWT for `Authorization: Bearer` and `/ws/agent?token=`',
          }),
          agent: t.Object({
            id: t.String(),
            tenantId: t.String(),
            email: t.String(),
            name: t.String(),
            role: t.String(),
          }),
        }),
        401: ErrorResponse,
      },
      detail: { summary: 'Agent login: email and password for a session token' },
    },
  );
}
