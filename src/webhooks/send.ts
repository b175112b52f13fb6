/**
 * The outbox sender for webhooks: one signed POST per attempt. 2xx is delivered; timeouts,
 * network errors, 408, 429 and 5xx are retried; redirects and other 4xx are final.
 */
import type { AttemptResult } from '../outbox/index.ts';
import type { Delivery } from '../store/index.ts';
import type { Webhooks } from './directory.ts';
import { SIGNATURE_HEADER, signWebhook } from './sign.ts';

const USER_AGENT = 'kefu-webhooks/1';

export function webhookSender(webhooks: Webhooks) {
  return async (row: Delivery, signal: AbortSignal): Promise<AttemptResult> => {
    const hook = row.targetId
      ? await webhooks.get(row.tenantId, row.targetId).catch(() => undefined)
      : row.url
        ? await webhooks.byUrl(row.tenantId, row.url)
        : undefined;
    if (!hook) return { ok: false, retryable: false, error: 'webhook deleted or not registered' };
    if (!hook.active) return { ok: false, retryable: false, error: 'webhook disabled' };
    const url = row.event === 'rule.webhook' && row.url ? row.url : hook.url;
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(url, {
      method: 'POST',
      body: row.payload,
      redirect: 'manual',
      signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [SIGNATURE_HEADER]: signWebhook(hook.secret, row.payload, timestamp),
        'kefu-event': row.event,
        'kefu-event-id': row.eventId,
        'kefu-delivery': row.id,
      },
    });
    // The body is not needed: do not let a huge or endless one hold the attempt.
    await response.body?.cancel().catch(() => {});
    const status = response.status;
    if (status >= 200 && status < 300) return { ok: true, status };
    const retryable = status >= 500 || status === 408 || status === 429;
    const error =
      status >= 300 && status < 400
        ? `HTTP ${status} (redirects are not followed)`
        : `HTTP ${status}`;
    return { ok: false, retryable, error, status };
  };
}
