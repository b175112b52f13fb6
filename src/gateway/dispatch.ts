/**
 * Decoded, validated frames → engine calls. One function per endpoint kind; each frame
 * type maps to exactly one engine method.
 */
import type { AgentPrincipal, Principal } from '../auth/index.ts';
import { topics } from '../bus/index.ts';
import type { Engine, Origin, Session } from '../engine/index.ts';
import type { Conn } from './conn.ts';
import type { AgentFrame, CustomerFrame } from './frames.ts';
import type { Hub } from './hub.ts';

export interface DispatchDeps {
  engine: Engine;
  hub: Hub;
}

type CustomerPrincipal = Extract<Principal, { kind: 'customer' }>;

export function originOf(conn: Conn): Origin {
  return { connId: conn.id };
}

/**
 * Points a customer's socket at a conversation: subscribed, following from its last seq.
 * Resolves once the conversation's frames reach this node.
 */
export function attach(deps: DispatchDeps, conn: Conn, session: Session): Promise<void> {
  if (conn.session) {
    conn.session.sockets--;
    deps.hub.unsubscribe(conn, topics.conversation(session.tenantId, conn.session.id));
    conn.unfollow(conn.session.id);
  }
  conn.session = session;
  session.sockets++;
  conn.follow(session.id, session.lastSeq);
  return deps.hub.subscribe(conn, topics.conversation(session.tenantId, session.id));
}

export async function dispatchCustomer(
  deps: DispatchDeps,
  conn: Conn,
  frame: CustomerFrame,
): Promise<void> {
  const principal = conn.principal as CustomerPrincipal;
  const { engine } = deps;
  switch (frame.t) {
    case 'msg': {
      if (conn.session!.state === 'closed') {
        const next = await engine.customerSession(
          principal.tenantId,
          principal.customerId,
          principal.channel,
        );
        await attach(deps, conn, next);
      }
      await engine.sendAsCustomer(principal, conn.session!, frame, originOf(conn));
      return;
    }
    case 'resume':
      return engine.resume(conn, principal, conn.session!.id, frame.afterSeq);
    case 'typing':
      return engine.relay(principal, conn.session!.id, { t: 'typing' }, conn);
    case 'read':
      return engine.relay(principal, conn.session!.id, { t: 'read', seq: frame.seq }, conn);
    case 'csat':
      await engine.rate(principal, frame.conversationId, frame.score, frame.comment ?? null);
      return;
    case 'ping':
      return conn.send({ t: 'pong' });
  }
}

export async function dispatchAgent(
  deps: DispatchDeps,
  conn: Conn,
  frame: AgentFrame,
): Promise<void> {
  const principal = conn.principal as AgentPrincipal;
  const { engine } = deps;
  switch (frame.t) {
    case 'msg':
      await engine.sendAsAgent(principal, frame.conversationId, frame, originOf(conn));
      return;
    case 'resume': {
      // Reading a conversation also watches it live, assigned or not.
      const session = await engine.session(principal, frame.conversationId);
      await Promise.all([
        deps.hub.subscribe(conn, topics.conversation(session.tenantId, session.id)),
        deps.hub.subscribe(conn, topics.staff(session.tenantId, session.id)),
      ]);
      return engine.resume(conn, principal, session.id, frame.afterSeq);
    }
    case 'typing':
      return engine.relay(principal, frame.conversationId, { t: 'typing' }, conn);
    case 'read':
      return engine.relay(principal, frame.conversationId, { t: 'read', seq: frame.seq }, conn);
    case 'close':
      await engine.closeConversation(principal, frame.conversationId);
      return;
    case 'transfer':
      await engine.transfer(principal, frame.conversationId, {
        toAgentId: frame.toAgentId,
        toGroup: frame.toGroup,
        reason: frame.reason,
      });
      return;
    case 'takeover':
      await engine.takeOver(principal, frame.conversationId);
      return;
    case 'note':
      await engine.addNote(principal, frame.conversationId, frame.text, frame.clientMsgId);
      return;
    case 'presence':
      return engine.setPresence(principal, frame.status);
    case 'ping':
      return conn.send({ t: 'pong' });
  }
}
