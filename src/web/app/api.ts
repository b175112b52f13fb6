/**
 * The REST API as the workspace uses it, and the signed-in session (the JWT lives in
 * sessionStorage: it ends with the tab).
 */
import type { RestConversation, RestMessage } from '../shared/protocol.ts';

export interface SignedIn {
  token: string;
  agent: { id: string; tenantId: string; email: string; name: string; role: string };
}

export interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: string;
  capacity: number;
  online: boolean;
  active: number;
}

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

export function login(email: string, password: string): Promise<SignedIn> {
  return call('POST', '/api/v1/auth/login', undefined, { email, password });
}

/** Calls made with the session's token; a 401 ends the session. */
export class Api {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await call<T>(method, path, this.token, body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
      throw error;
    }
  }

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
      `/api/v1/conversations/${encodeURIComponent(id)}?afterSeq=${afterSeq}&limit=${limit}`,
    );
  }

  close(id: string) {
    return this.call<{ conversation: RestConversation }>(
      'POST',
      `/api/v1/conversations/${encodeURIComponent(id)}/close`,
    );
  }

  me() {
    return this.call<AgentRow>('GET', '/api/v1/agents/me');
  }

  agents() {
    return this.call<{ agents: AgentRow[] }>('GET', '/api/v1/agents');
  }
}
