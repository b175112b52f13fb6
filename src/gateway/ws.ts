/**
 * The WebSocket gateway on Bun's native server: authenticates the upgrade, then decodes,
 * limits and validates every frame before the engine sees it. Bad input gets a typed
 * error frame and changes nothing.
 */
import type { Server, ServerWebSocket, WebSocketHandler } from 'bun';
import type { Sessions, TenantDirectory } from '../accounts/index.ts';
import {
  type AgentPrincipal,
  isSupervisor,
  type Principal,
  type TokenSigner,
} from '../auth/index.ts';
import { topics } from '../bus/index.ts';
import type { Customers } from '../customers/index.ts';
import type { Engine, Session } from '../engine/index.ts';
import { errorResponse, KefuError, RateLimitedError, toErrorBody } from '../errors.ts';
import type { Limits } from '../limits/index.ts';
import type { Logger } from '../log.ts';
import { type Codec, decode } from './codec.ts';
import { Conn, type SocketData } from './conn.ts';
import { attach, dispatchAgent, dispatchCustomer } from './dispatch.ts';
import { agentCheckers, customerCheckers } from './frames.ts';
import type { Hub } from './hub.ts';

export interface GatewayOptions {
  engine: Engine;
  hub: Hub;
  tenants: TenantDirectory;
  customers: Customers;
  signer: TokenSigner;
  /** Agent sessions: a token of a session that ended is refused. */
  sessions: Pick<Sessions, 'isLive'>;
  log: Logger;
  /** Per IP address: open sockets (capped) and frames across its sockets (rate). */
  perIp: Pick<Limits, 'connections' | 'openSocket' | 'frame'>;
  limits: {
    maxFrameBytes: number;
    rateLimitPerSec: number;
    rateLimitBurst: number;
    idleTimeoutSec: number;
    backpressureBytes: number;
  };
}

type Pending =
  | {
      kind: 'customer';
      principal: Extract<Principal, { kind: 'customer' }>;
      session: Session;
      visitorToken: string;
      afterSeq?: number;
      codec: Codec;
    }
  | { kind: 'agent'; principal: AgentPrincipal; expiresAt: number };

/** Flood threshold: this many refused frames in a row closes the socket (1008). */
const MAX_VIOLATIONS = 50;

export function createGateway(options: GatewayOptions) {
  const { engine, hub, tenants, customers, signer, sessions, log, limits, perIp } = options;
  const connections = perIp.connections;
  const deps = { engine, hub };

  // A merged customer's open sockets act for the customer they joined from now on; one
  // waiting on an empty reservation moves to that customer's conversation (new welcome).
  engine.ctx.events.on('customer.merged', ({ tenantId, fromId, intoId }) => {
    for (const conn of hub.conns) {
      const p = conn.principal;
      if (p.kind !== 'customer' || p.tenantId !== tenantId) continue;
      if (p.customerId === fromId) p.customerId = intoId;
      if (p.customerId === intoId && conn.session && !conn.session.stored) {
        run(conn, () => welcomeAgain(conn, p));
      }
    }
  });

  async function welcomeAgain(conn: Conn, p: Extract<Principal, { kind: 'customer' }>) {
    const session = await engine.customerSession(p.tenantId, p.customerId, p.channel);
    if (session === conn.session || conn.closed) return;
    const from = session.lastSeq;
    await attach(deps, conn, session);
    conn.send({
      t: 'welcome',
      visitorToken: await signer.signVisitor({ tenantId: p.tenantId, customerId: p.customerId }),
      customerId: p.customerId,
      conversationId: session.id,
      lastSeq: from,
      state: session.state,
    });
  }

  /**
   * Answers the upgrade request (undefined once upgraded), or a JSON error. `ip` counts
   * against the cap on open sockets per address from here until the socket closes.
   */
  async function upgrade(
    req: Request,
    server: Server<SocketData>,
    path: string,
    ip: string,
  ): Promise<Response | undefined> {
    if (!perIp.openSocket(ip)) {
      return errorResponse(
        new RateLimitedError(
          'too many open connections from your address',
          10_000,
          'too_many_connections',
        ),
      );
    }
    let upgraded = false;
    try {
      const url = new URL(req.url);
      const pending =
        path === '/ws/agent'
          ? await agentUpgrade(url)
          : await customerUpgrade(
              url,
              path === '/ws/app' ? 'msgpack' : 'json',
              req.headers.get('origin'),
            );
      upgraded = server.upgrade(req, { data: { pending, ip } });
      if (upgraded) return undefined;
      return Response.json(
        { error: { code: 'bad_request', message: 'expected a WebSocket upgrade' } },
        { status: 426 },
      );
    } catch (error) {
      const { status } = toErrorBody(error);
      if (status >= 500) log.error({ err: error, path }, 'upgrade failed');
      return errorResponse(error);
    } finally {
      if (!upgraded) connections.closed(ip);
    }
  }

  async function customerUpgrade(url: URL, codec: Codec, origin: string | null): Promise<Pending> {
    const widgetKey = url.searchParams.get('widgetKey') ?? '';
    const tenant =
      widgetKey.length > 0 && widgetKey.length <= 64
        ? await tenants.byWidget(widgetKey)
        : undefined;
    if (!tenant) throw new KefuError('unauthorized', 'unknown widget key');
    checkOrigin(tenant.allowedOrigins, origin, codec);
    const token = url.searchParams.get('token');
    const claims = token ? await signer.verifyVisitor(token) : undefined;
    if (claims && claims.tenantId !== tenant.id)
      throw new KefuError('invalid_token', 'token of another tenant');
    const afterSeqParam = url.searchParams.get('afterSeq');
    if (afterSeqParam !== null && !/^\d{1,10}$/.test(afterSeqParam)) {
      throw new KefuError('bad_request', 'afterSeq must be a non-negative integer');
    }
    const userId = url.searchParams.get('userId') ?? undefined;
    const known = await customers.visitor(tenant, {
      tokenCustomerId: claims?.customerId,
      userId,
      userHash: url.searchParams.get('userHash') ?? undefined,
    });
    const customerId = known ?? Bun.randomUUIDv7();
    const channel = codec === 'msgpack' ? 'app' : 'web';
    const principal = { kind: 'customer' as const, tenantId: tenant.id, customerId, channel };
    const keepToken = token && claims?.customerId === customerId;
    return {
      kind: 'customer',
      principal,
      codec,
      visitorToken: keepToken
        ? token
        : await signer.signVisitor({ tenantId: tenant.id, customerId }),
      afterSeq: afterSeqParam === null ? undefined : Number(afterSeqParam),
      session: await engine.customerSession(tenant.id, customerId, channel, known === undefined),
    };
  }

  /**
   * A tenant with allowed origins takes widget sockets only from pages on them. Browsers
   * always send `Origin`; apps (`/ws/app`, msgpack) usually do not, so there only a
   * present Origin is checked.
   */
  function checkOrigin(allowed: string[] | null, origin: string | null, codec: Codec): void {
    if (!allowed || allowed.length === 0) return;
    if (origin === null && codec === 'msgpack') return;
    if (origin !== null && allowed.includes(origin.toLowerCase())) return;
    throw new KefuError('forbidden', `origin ${origin ?? '(none)'} may not use this widget`);
  }

  async function agentUpgrade(url: URL): Promise<Pending> {
    const claims = await signer.verifyAgent(url.searchParams.get('token') ?? '');
    if (!(await sessions.isLive(claims.sessionId)))
      throw new KefuError('invalid_token', 'session ended: sign in again');
    const user = await engine.agentAccount(claims.tenantId, claims.agentId);
    const principal: AgentPrincipal = {
      kind: 'agent',
      tenantId: claims.tenantId,
      agentId: claims.agentId,
      role: claims.role,
      name: user.name,
      sessionId: claims.sessionId,
    };
    return { kind: 'agent', principal, expiresAt: claims.expiresAt };
  }

  const rate = { perSec: limits.rateLimitPerSec, burst: limits.rateLimitBurst };

  function open(ws: ServerWebSocket<SocketData>): void {
    const pending = ws.data.pending as Pending;
    ws.data.pending = undefined;
    if (pending.kind === 'customer') {
      const conn = new Conn(ws, pending.principal, pending.codec, rate);
      ws.data.conn = conn;
      hub.add(conn);
      const s = pending.session;
      const from = s.lastSeq;
      // Welcome once the conversation's frames reach this node: after it, the socket gets
      // exactly the messages after `lastSeq` (or, with afterSeq, the replay first).
      run(conn, async () => {
        await attach(deps, conn, s);
        conn.send({
          t: 'welcome',
          visitorToken: pending.visitorToken,
          customerId: s.customerId,
          conversationId: s.id,
          lastSeq: from,
          state: s.state,
        });
        if (pending.afterSeq !== undefined) conn.beginReplay(s.id);
        conn.markReady();
        if (pending.afterSeq !== undefined)
          await engine.resume(conn, conn.principal, s.id, pending.afterSeq);
      });
      return;
    }
    const { principal } = pending;
    const conn = new Conn(ws, principal, 'json', rate);
    ws.data.conn = conn;
    hub.add(conn);
    const flowing = Promise.all([
      hub.subscribe(conn, topics.agent(principal.tenantId, principal.agentId)),
      hub.subscribe(conn, topics.agents(principal.tenantId)),
      ...(isSupervisor(principal)
        ? [hub.subscribe(conn, topics.supervisors(principal.tenantId))]
        : []),
    ]);
    conn.expiry = setTimeout(
      () => conn.close(4401, 'token expired'),
      Math.max(0, pending.expiresAt - Date.now()),
    );
    run(conn, async () => {
      await flowing;
      conn.send({ t: 'hello', ...(await engine.agentOnline(principal)) });
      conn.markReady();
    });
  }

  function message(ws: ServerWebSocket<SocketData>, raw: string | Buffer): void {
    const conn = ws.data.conn;
    if (!conn || conn.closed) return;
    const checked = check(conn, raw, ws.data.ip);
    if (!checked.ok) {
      refuse(conn, checked.code, checked.message, checked.ref);
      return;
    }
    const value = checked.frame;
    const ref = checked.ref;
    conn.violations = 0;
    run(
      conn,
      () =>
        conn.principal.kind === 'agent'
          ? dispatchAgent(deps, conn, value as never)
          : dispatchCustomer(deps, conn, value as never),
      ref,
    );
  }

  function close(ws: ServerWebSocket<SocketData>): void {
    if (ws.data.ip !== undefined) connections.closed(ws.data.ip);
    const conn = ws.data.conn;
    if (!conn) return;
    conn.closed = true;
    clearTimeout(conn.expiry);
    hub.remove(conn);
    if (conn.session) conn.session.sockets--;
    if (conn.principal.kind === 'agent') engine.agentOffline(conn.principal);
  }

  /** Size, rate, decoding and schema, in that order: the first failure names the problem. */
  function check(
    conn: Conn,
    raw: string | Buffer,
    ip: string | undefined,
  ):
    | { ok: true; frame: unknown; ref?: string }
    | { ok: false; code: string; message: string; ref?: string } {
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
    if (size > limits.maxFrameBytes) {
      return {
        ok: false,
        code: 'frame_too_large',
        message: `frame is larger than ${limits.maxFrameBytes} bytes`,
      };
    }
    if (!conn.takeToken() || (ip !== undefined && !perIp.frame(ip)))
      return { ok: false, code: 'rate_limited', message: 'too many frames, slow down' };
    const decoded = decode(conn.codec, raw);
    if (!decoded.ok) return decoded;
    const value = decoded.value as { t?: unknown; clientMsgId?: unknown } | null;
    const ref = typeof value?.clientMsgId === 'string' ? value.clientMsgId.slice(0, 64) : undefined;
    const checkers = conn.principal.kind === 'agent' ? agentCheckers : customerCheckers;
    const checker = typeof value?.t === 'string' ? checkers.get(value.t) : undefined;
    if (!checker) return { ok: false, code: 'unknown_frame', message: 'unknown frame type', ref };
    if (!checker.Check(value)) {
      const first = checker.Errors(value).First();
      const message = first ? `${first.path || '/'}: ${first.message}` : 'invalid frame';
      return { ok: false, code: 'invalid_frame', message, ref };
    }
    return { ok: true, frame: value, ref };
  }

  function refuse(conn: Conn, code: string, message: string, ref?: string): void {
    conn.send({ t: 'error', code, message, ...(ref ? { ref } : {}) });
    if (++conn.violations >= MAX_VIOLATIONS) conn.close(1008, 'too many invalid or excess frames');
  }

  /** Runs a handler; any error becomes an error frame (internals never reach the client). */
  function run(conn: Conn, handler: () => Promise<unknown> | unknown, ref?: string): void {
    Promise.resolve()
      .then(handler)
      .catch((error) => {
        const { status, body } = toErrorBody(error);
        if (status >= 500 && body.code !== 'unavailable')
          log.error({ err: error, conn: conn.id }, 'frame handler failed');
        if (body.code === 'invalid_token') return conn.close(4401, body.message);
        conn.send({ t: 'error', code: body.code, message: body.message, ...(ref ? { ref } : {}) });
      });
  }

  const websocket: WebSocketHandler<SocketData> = {
    open,
    message,
    close,
    maxPayloadLength: limits.maxFrameBytes * 4,
    idleTimeout: limits.idleTimeoutSec,
    backpressureLimit: limits.backpressureBytes,
    closeOnBackpressureLimit: false,
    sendPings: true,
    perMessageDeflate: false,
  };

  return { upgrade, websocket };
}

/**
 * After the bus was down, frames may have been missed: every socket gets, from the store,
 * whatever came after the last message it was sent.
 */
export function resyncSockets(hub: Hub, engine: Engine, log: Logger): void {
  for (const conn of hub.conns) {
    for (const [conversationId, seq] of conn.followed()) {
      engine.resume(conn, conn.principal, conversationId, seq, true).catch((error) => {
        log.warn({ err: error, conn: conn.id }, 'resync after a bus outage failed');
      });
    }
  }
}
