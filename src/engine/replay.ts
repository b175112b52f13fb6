/**
 * `resume`: every message after `afterSeq`, in order, then `resumed`. Live frames of the
 * conversation wait on the socket meanwhile, so the socket still sees seq order.
 */
import type { Conn } from '../gateway/conn.ts';
import type { MsgFrame } from '../gateway/frames.ts';
import { listMessages } from '../store/index.ts';
import type { EngineContext } from './context.ts';
import { toMsgFrame } from './deliver.ts';
import type { Session } from './sessions.ts';

const PAGE = 500;

export async function replay(
  ctx: EngineContext,
  conn: Conn,
  session: Session,
  afterSeq: number,
  onlyMissing = false,
): Promise<void> {
  conn.beginReplay(session.id);
  const history: MsgFrame[] = [];
  try {
    for (let after = afterSeq; ; ) {
      const page = await ctx.store.read((c) =>
        listMessages(c, session.tenantId, session.id, after, PAGE),
      );
      for (const m of page) history.push(toMsgFrame(m));
      if (page.length < PAGE) break;
      after = page.at(-1)!.seq;
    }
  } catch (error) {
    conn.endReplay(session.id, []);
    throw error;
  }
  const lastSeq = conn.endReplay(session.id, history, onlyMissing);
  conn.send({ t: 'resumed', conversationId: session.id, lastSeq: Math.max(lastSeq, afterSeq) });
}
