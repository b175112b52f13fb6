import { Elysia, t } from 'elysia';
import { toErrorBody } from '../../errors.ts';
import { readBody } from '../body.ts';
import type { HttpDeps } from '../deps.ts';

/** The largest body any WeChat account may allow; each account's own limit applies after. */
const MAX_CALLBACK_BYTES = 1024 * 1024 + 4096;

/**
 * `GET|POST /wechat/:channelId`: WeChat's callbacks, answered raw (echostr, XML, `success`),
 * never as kefu JSON. The body reaches the protocol layer untouched.
 */
export function wechatCallbackRoutes(deps: HttpDeps) {
  const { wechat } = deps.channels;
  const handle = async (request: Request, channelId: string) => {
    let body = '';
    if (request.method === 'POST') {
      try {
        body = (await readBody(request, MAX_CALLBACK_BYTES)).toString('utf8');
      } catch (error) {
        const { status, body: error_ } = toErrorBody(error);
        return new Response(JSON.stringify(error_), {
          status,
          headers: { 'content-type': 'application/json' },
        });
      }
    }
    const query = new URL(request.url).searchParams;
    const res = await wechat.handle(channelId, { method: request.method, query, body });
    return new Response(res.body, {
      status: res.status,
      headers: { 'content-type': res.contentType },
    });
  };
  const params = t.Object({ channelId: t.String({ minLength: 1, maxLength: 64 }) });
  const detail = { tags: ['channels'], summary: 'WeChat callback (URL verification and messages)' };
  return new Elysia()
    .get('/wechat/:channelId', ({ request, params }) => handle(request, params.channelId), {
      params,
      detail,
    })
    .post('/wechat/:channelId', ({ request, params }) => handle(request, params.channelId), {
      params,
      parse: 'none',
      detail,
    });
}
