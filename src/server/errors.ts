/** The one mapping from any error in an HTTP handler to `{"error":{"code","message"}}`. */
import { errorResponse, toErrorBody } from '../errors.ts';
import type { Logger } from '../log.ts';
import { requestIdOf } from './request-log.ts';

interface ElysiaErrorContext {
  code: string | number;
  error: unknown;
  request: Request;
}

export function httpError(log: Logger) {
  return ({ code, error, request }: ElysiaErrorContext) => {
    switch (code) {
      case 'VALIDATION': {
        const detail = (error as { valueError?: { path: string; message: string } }).valueError;
        const message = detail
          ? `${detail.path || 'body'}: ${detail.message}`
          : 'request does not match the schema';
        return json(422, 'validation_failed', message);
      }
      case 'PARSE':
        return json(400, 'invalid_json', 'request body is not valid JSON');
      case 'NOT_FOUND':
        return json(404, 'not_found', 'no such route');
      case 'INVALID_COOKIE_SIGNATURE':
        return json(401, 'unauthorized', 'invalid cookie');
    }
    const { status } = toErrorBody(error);
    if (status >= 500) {
      log.error(
        { err: error, reqId: requestIdOf(request), method: request.method, url: request.url },
        'request failed',
      );
    }
    return errorResponse(error);
  };
}

function json(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}
