/**
 * OpenAPI document at `/docs/json` and the Swagger UI at `/docs`, with the UI's script and
 * styles served by kefu itself (embedded in the binary), so the page works offline.
 */
import { openapi } from '@elysiajs/openapi';
import { Elysia } from 'elysia';
import swaggerCss from 'swagger-ui-dist/swagger-ui.css' with { type: 'file' };
// `with { type: 'file' }` embeds the files into `bun build --compile` output.
import swaggerBundle from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'file' };
import pkg from '../../package.json' with { type: 'json' };

export function docsRoutes() {
  return new Elysia()
    .get(
      '/docs/assets/swagger-ui-bundle.js',
      () =>
        new Response(Bun.file(swaggerBundle), {
          headers: { 'content-type': 'text/javascript', 'cache-control': 'public, max-age=86400' },
        }),
      { detail: { hide: true } },
    )
    .get(
      '/docs/assets/swagger-ui.css',
      () =>
        new Response(Bun.file(swaggerCss), {
          headers: { 'content-type': 'text/css', 'cache-control': 'public, max-age=86400' },
        }),
      { detail: { hide: true } },
    )
    .use(
      openapi({
        path: '/docs',
        specPath: '/docs/json',
        provider: 'swagger-ui',
        swagger: {
          cdn: '/docs/assets/swagger-ui-bundle.js',
          theme: '/docs/assets/swagger-ui.css',
          autoDarkMode: false,
        } as never,
        exclude: { paths: ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css'] },
        documentation: {
          info: {
            title: 'kefu API',
            version: pkg.version,
            description:
              'Omnichannel customer-service engine. Tenant-level calls take `Authorization: Bearer <apiKey>`; agent calls the token from `POST /api/v1/auth/login`. Errors are `{"error":{"code","message"}}`. The WebSocket protocol is described in docs/protocol.md.',
          },
          components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        },
      }),
    );
}
