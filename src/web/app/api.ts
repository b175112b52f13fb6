/**
 * The REST API as the workspace uses it, and the signed-in session (the JWT lives in
 * sessionStorage: it ends with the tab). Response types come from the server's own schemas
 * (type-only imports), so an API change the UI does not follow fails `tsc`.
 */
import type { Static } from '@sinclair/typebox';
import type { DashboardJson } from '../../dashboard/index.ts';
import type { Action, Rule } from '../../routing/index.ts';
import type { AgentJson } from '../../server/routes/agents.ts';
import type { CustomerJson } from '../../server/routes/customers.ts';
import type { GroupJson } from '../../server/routes/groups.ts';
import type { TicketJson } from '../../server/routes/tickets.ts';
import type {
  BusinessHoursJson,
  CannedResponse,
  SlaPolicy,
  TicketComment,
  TicketEvent,
} from '../../store/index.ts';
import type { NoteView, RestConversation, RestMessage } from '../shared/protocol.ts';

export type { Action, BusinessHoursJson, DashboardJson, Rule };

export interface SignedIn {
  token: string;
  agent: { id: string; tenantId: string; email: string; name: string; role: string };
  /** Trades for the next token before this one expires (absent in old saved sessions). */
  refreshToken?: string;
  /** Epoch ms when `token` expires. */
  expiresAt?: number;
}

interface Tokens {
  token: string;
  expiresIn: number;
  refreshToken: string;
  agent: SignedIn['agent'];
}

const signedIn = (t: Tokens): SignedIn => ({
  token: t.token,
  agent: t.agent,
  refreshToken: t.refreshToken,
  expiresAt: Date.now() + t.expiresIn * 1000,
});

export type AgentRow = Static<typeof AgentJson>;
export type GroupRow = Static<typeof GroupJson>;
export type TicketRow = Static<typeof TicketJson>;
export type CustomerRow = Static<typeof CustomerJson>;
export type Canned = Omit<CannedResponse, 'tenantId'>;
export type Policy = Omit<SlaPolicy, 'tenantId'>;
export type Comment = Omit<TicketComment, 'tenantId'>;
export type TicketLogEntry = Omit<TicketEvent, 'tenantId'>;
export type AvailableAgent = Pick<AgentRow, 'id' | 'name' | 'skills' | 'capacity'> & {
  active: number;
};

export interface ActiveRules {
  version: number;
  isDefault: boolean;
  rules: Rule[];
}

export interface RuleVersion {
  version: number;
  authorId: string | null;
  createdAt: number;
  rules: Rule[];
}

export interface DryRunInput {
  text: string;
  channel?: string;
  customer?: { tier?: string | null; tags?: string[] };
  messageCount?: number;
  botFallbacks?: number;
  rules?: Rule[];
}

export interface DryRunResult {
  language: string;
  prediction: { intent: string | null; confidence: number; declined: boolean };
  rulesVersion: number | null;
  matched: { id: string; name: string }[];
  decidedBy: { id: string; name: string } | null;
  actions: Action[];
  result: { kind: string; group?: string | null; explanation: string };
}

export interface CustomerProfile {
  customer: CustomerRow;
  conversations: RestConversation[];
  tickets: TicketRow[];
}

export interface TicketQuery {
  status?: string;
  priority?: string;
  assigneeId?: string;
  sla?: string;
  tag?: string;
  q?: string;
  sort?: string;
  cursor?: string;
}

export type GroupInput = Partial<Omit<GroupRow, 'id' | 'online' | 'queued'>>;

export interface ConversationPage {
  conversation: RestConversation;
  messages: RestMessage[];
  nextAfterSeq: number | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const SESSION_KEY = 'kefu.session';

export const session = {
  load(): SignedIn | undefined {
    try {
      const raw = sessionStorage.getItem(SESSION_KEY);
      return raw ? (JSON.parse(raw) as SignedIn) : undefined;
    } catch {
      return undefined;
    }
  },
  save(signedIn: SignedIn): void {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(signedIn));
  },
  clear(): void {
    sessionStorage.removeItem(SESSION_KEY);
  },
};

async function call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string };
  };
  if (!res.ok) {
    throw new ApiError(
      res.status,
      json.error?.code ?? 'http_error',
      json.error?.message ?? `HTTP ${res.status}`,
    );
  }
  return json as T;
}

export async function login(email: string, password: string): Promise<SignedIn> {
  return signedIn(await call<Tokens>('POST', '/api/v1/auth/login', undefined, { email, password }));
}

/** New tokens for a refresh token (each works once). */
export async function refresh(refreshToken: string): Promise<SignedIn> {
  return signedIn(await call<Tokens>('POST', '/api/v1/auth/refresh', undefined, { refreshToken }));
}

const enc = encodeURIComponent;

function query(params: object): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? `?${new URLSearchParams(entries as [string, string][])}` : '';
}

/** Calls made with the session's token; a 401 ends the session. */
export class Api {
  constructor(
    private token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  /** Calls from now on use this token (after a refresh). */
  setToken(token: string): void {
    this.token = token;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await call<T>(method, path, this.token, body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
      throw error;
    }
  }

  /** Ends this session on the server (its token stops working). */
  logout() {
    return call<void>('POST', '/api/v1/auth/logout', this.token);
  }

  // Conversations.

  conversations(state: 'bot' | 'queued' | 'assigned') {
    return this.call<{ conversations: RestConversation[] }>(
      'GET',
      `/api/v1/conversations?state=${state}&limit=200`,
    );
  }

  /** Messages with `seq > afterSeq`, `limit` at most, with the conversation. */
  conversation(id: string, afterSeq: number, limit: number) {
    return this.call<ConversationPage>(
      'GET',
      `/api/v1/conversations/${enc(id)}?afterSeq=${afterSeq}&limit=${limit}`,
    );
  }

  close(id: string) {
    return this.call<{ conversation: RestConversation }>(
      'POST',
      `/api/v1/conversations/${enc(id)}/close`,
    );
  }

  transfer(id: string, body: { toAgentId?: string; toGroup?: string; reason: string }) {
    return this.call<{ conversation: RestConversation }>(
      'POST',
      `/api/v1/conversations/${enc(id)}/transfer`,
      body,
    );
  }

  takeover(id: string) {
    return this.call<{ conversation: RestConversation }>(
      'POST',
      `/api/v1/conversations/${enc(id)}/takeover`,
    );
  }

  notes(id: string) {
    return this.call<{ notes: NoteView[] }>('GET', `/api/v1/conversations/${enc(id)}/notes`);
  }

  addNote(id: string, text: string) {
    return this.call<NoteView>('POST', `/api/v1/conversations/${enc(id)}/notes`, { text });
  }

  customer(id: string) {
    return this.call<CustomerProfile>('GET', `/api/v1/customers/${enc(id)}`);
  }

  // People.

  me() {
    return this.call<AgentRow>('GET', '/api/v1/agents/me');
  }

  agents() {
    return this.call<{ agents: AgentRow[] }>('GET', '/api/v1/agents');
  }

  availableAgents() {
    return this.call<{ agents: AvailableAgent[] }>('GET', '/api/v1/agents/available');
  }

  createAgent(body: {
    email: string;
    password: string;
    name?: string;
    role?: string;
    skills?: string[];
    capacity?: number;
  }) {
    return this.call<AgentRow>('POST', '/api/v1/agents', body);
  }

  updateAgent(
    id: string,
    body: { name?: string; role?: string; skills?: string[]; capacity?: number },
  ) {
    return this.call<AgentRow>('PATCH', `/api/v1/agents/${enc(id)}`, body);
  }

  // Routing.

  groups() {
    return this.call<{ groups: GroupRow[] }>('GET', '/api/v1/groups');
  }

  createGroup(body: GroupInput & { key: string; name: string }) {
    return this.call<GroupRow>('POST', '/api/v1/groups', body);
  }

  updateGroup(id: string, body: GroupInput) {
    return this.call<GroupRow>('PATCH', `/api/v1/groups/${enc(id)}`, body);
  }

  deleteGroup(id: string) {
    return this.call<void>('DELETE', `/api/v1/groups/${enc(id)}`);
  }

  rules() {
    return this.call<ActiveRules>('GET', '/api/v1/rules');
  }

  saveRules(baseVersion: number, rules: Rule[]) {
    return this.call<ActiveRules>('PUT', '/api/v1/rules', { baseVersion, rules });
  }

  ruleVersions() {
    return this.call<{ versions: RuleVersion[] }>('GET', '/api/v1/rules/versions');
  }

  restoreRules(version: number) {
    return this.call<ActiveRules>('POST', `/api/v1/rules/versions/${version}/restore`);
  }

  dryRun(body: DryRunInput) {
    return this.call<DryRunResult>('POST', '/api/v1/rules/dry-run', body);
  }

  dashboard() {
    return this.call<DashboardJson>('GET', '/api/v1/dashboard');
  }

  // Tickets.

  tickets(params: TicketQuery) {
    return this.call<{ tickets: TicketRow[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/tickets${query({ limit: 50, ...params })}`,
    );
  }

  ticket(id: string) {
    return this.call<TicketRow>('GET', `/api/v1/tickets/${enc(id)}`);
  }

  updateTicket(
    id: string,
    body: {
      version: number;
      status?: string;
      priority?: string;
      assigneeId?: string | null;
      groupId?: string | null;
      tags?: string[];
      subject?: string;
    },
  ) {
    return this.call<TicketRow>('PATCH', `/api/v1/tickets/${enc(id)}`, body);
  }

  comments(id: string) {
    return this.call<{ comments: Comment[] }>('GET', `/api/v1/tickets/${enc(id)}/comments`);
  }

  addComment(id: string, body: { body: string; public: boolean }) {
    return this.call<TicketRow>('POST', `/api/v1/tickets/${enc(id)}/comments`, body);
  }

  ticketEvents(id: string) {
    return this.call<{ events: TicketLogEntry[] }>('GET', `/api/v1/tickets/${enc(id)}/events`);
  }

  // Canned responses and SLA policies.

  canned() {
    return this.call<{ responses: Canned[] }>('GET', '/api/v1/canned-responses');
  }

  createCanned(body: { shortcut: string; title: string; body: string }) {
    return this.call<Canned>('POST', '/api/v1/canned-responses', body);
  }

  updateCanned(id: string, body: { shortcut?: string; title?: string; body?: string }) {
    return this.call<Canned>('PATCH', `/api/v1/canned-responses/${enc(id)}`, body);
  }

  deleteCanned(id: string) {
    return this.call<void>('DELETE', `/api/v1/canned-responses/${enc(id)}`);
  }

  renderCanned(id: string, conversationId?: string) {
    return this.call<{ text: string }>('POST', `/api/v1/canned-responses/${enc(id)}/render`, {
      conversationId,
    });
  }

  slaPolicies() {
    return this.call<{ policies: Policy[] }>('GET', '/api/v1/sla-policies');
  }

  createSlaPolicy(body: Omit<Policy, 'id' | 'createdAt' | 'updatedAt'>) {
    return this.call<Policy>('POST', '/api/v1/sla-policies', body);
  }

  updateSlaPolicy(id: string, body: Partial<Omit<Policy, 'id' | 'createdAt' | 'updatedAt'>>) {
    return this.call<Policy>('PATCH', `/api/v1/sla-policies/${enc(id)}`, body);
  }

  deleteSlaPolicy(id: string) {
    return this.call<void>('DELETE', `/api/v1/sla-policies/${enc(id)}`);
  }
}
