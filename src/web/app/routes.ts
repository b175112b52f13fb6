/**
 * The workspace's sections and their URLs (all under `/app`), and which roles see which.
 * Pure: the workspace turns `location.pathname` into a `Route` and back.
 */

export type AdminTab =
  | 'agents'
  | 'groups'
  | 'canned'
  | 'sla'
  | 'channels'
  | 'webhooks'
  | 'api-keys'
  | 'intents';

export const ADMIN_TABS: readonly AdminTab[] = [
  'agents',
  'groups',
  'canned',
  'sla',
  'channels',
  'webhooks',
  'api-keys',
  'intents',
];

export type Route =
  | { section: 'inbox'; conversationId?: string }
  | { section: 'tickets'; ticketId?: string }
  | { section: 'dashboard' }
  | { section: 'rules' }
  | { section: 'admin'; tab: AdminTab };

export type Section = Route['section'];

export function parseRoute(pathname: string): Route {
  const parts = pathname
    .replace(/^\/app\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decode);
  const [head, id] = parts;
  switch (head) {
    case 'c':
      return id ? { section: 'inbox', conversationId: id } : { section: 'inbox' };
    case 'tickets':
      return id ? { section: 'tickets', ticketId: id } : { section: 'tickets' };
    case 'dashboard':
      return { section: 'dashboard' };
    case 'rules':
      return { section: 'rules' };
    case 'admin':
      return { section: 'admin', tab: ADMIN_TABS.find((tab) => tab === id) ?? 'agents' };
    default:
      return { section: 'inbox' };
  }
}

export function routePath(route: Route): string {
  const id = (value: string) => encodeURIComponent(value);
  switch (route.section) {
    case 'inbox':
      return route.conversationId ? `/app/c/${id(route.conversationId)}` : '/app';
    case 'tickets':
      return route.ticketId ? `/app/tickets/${id(route.ticketId)}` : '/app/tickets';
    case 'dashboard':
      return '/app/dashboard';
    case 'rules':
      return '/app/rules';
    case 'admin':
      return `/app/admin/${route.tab}`;
  }
}

const RANK: Record<string, number> = { agent: 1, supervisor: 2, admin: 3, owner: 4 };

/** `atLeast('admin', role)`: the same ladder as the server's role checks. */
export function atLeast(role: string, needed: 'agent' | 'supervisor' | 'admin' | 'owner'): boolean {
  return (RANK[role] ?? 0) >= RANK[needed]!;
}

/** Sections a role may open: everyone has the inbox and tickets. */
export function sectionsFor(role: string): Section[] {
  const sections: Section[] = ['inbox', 'tickets'];
  if (atLeast(role, 'supervisor')) sections.push('dashboard', 'rules', 'admin');
  return sections;
}

/** Admin tabs a role may open: supervisors manage canned responses, admins the rest. */
export function adminTabsFor(role: string): AdminTab[] {
  if (atLeast(role, 'admin')) return [...ADMIN_TABS];
  return atLeast(role, 'supervisor') ? ['canned'] : [];
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
