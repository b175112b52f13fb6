/**
 * API key scopes: what an integration's key may do. Agents are governed by their role;
 * a key by its scopes. `*` (the key `tenant create` makes) may do everything.
 */
export const API_SCOPES = [
  'admin',
  'conversations:read',
  'conversations:write',
  'tickets:read',
  'tickets:write',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const ALL_SCOPES = '*';

type Area = 'conversations' | 'tickets';

/** Path prefixes and the area they belong to; anything else under /api/v1 needs `admin`. */
const AREAS: [prefix: string, area: Area][] = [
  ['/api/v1/conversations', 'conversations'],
  ['/api/v1/customers', 'conversations'],
  ['/api/v1/channels/api/messages', 'conversations'],
  ['/api/v1/channels/email/inbound', 'conversations'],
  ['/api/v1/tickets', 'tickets'],
];
/** Readable with a conversations or tickets scope: agents' everyday reference data. */
const SHARED_READS = ['/api/v1/canned-responses'];

/**
 * The scope a request needs: `<area>:read` for GET/HEAD, `<area>:write` otherwise, and
 * `admin` for the tenant's configuration.
 *
 * @example scopeFor('POST', '/api/v1/tickets/123/comments') // 'tickets:write'
 */
export function scopeFor(method: string, path: string): ApiScope | ApiScope[] {
  const read = method === 'GET' || method === 'HEAD';
  const area = AREAS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1];
  if (area) return `${area}:${read ? 'read' : 'write'}`;
  if (read && SHARED_READS.some((p) => path === p || path.startsWith(`${p}/`)))
    return ['conversations:read', 'tickets:read', 'admin'];
  return 'admin';
}

/** Whether scopes grant `needed` (any of a list); a `write` scope also reads. */
export function grants(scopes: readonly string[], needed: ApiScope | ApiScope[]): boolean {
  if (scopes.includes(ALL_SCOPES)) return true;
  const any = Array.isArray(needed) ? needed : [needed];
  return any.some(
    (n) =>
      scopes.includes(n) || (n.endsWith(':read') && scopes.includes(n.replace(':read', ':write'))),
  );
}
