/** @jsxImportSource preact */
/** Small labels: who wrote a message, on which channel, and a conversation's state. */
import type { Author } from '../../shared/protocol.ts';
import { type Key, t } from '../i18n.ts';
import type { Conversation } from '../inbox.ts';
import type { Workspace } from '../workspace.ts';

const AUTHOR_WORD: Record<Author['kind'], Key> = {
  customer: 'customer',
  agent: 'agent',
  bot: 'bot',
  system: 'system',
};

export function AuthorBadge({ author, mine }: { author: Author; mine: boolean }) {
  const word = mine ? t('you') : t(AUTHOR_WORD[author.kind]);
  const name = author.kind === 'agent' && !mine && author.name ? ` · ${author.name}` : '';
  return (
    <span class={`badge author-${author.kind}`}>
      {word}
      {name}
    </span>
  );
}

export function ChannelBadge({ channel }: { channel: string }) {
  return <span class="channel">{channel}</span>;
}

const STATE_WORD: Record<string, Key> = {
  bot: 'stateBot',
  queued: 'stateQueued',
  assigned: 'stateAssigned',
  closed: 'stateClosed',
  new: 'stateNew',
};

export function StateBadge({ ws, c }: { ws: Workspace; c: Conversation }) {
  const other =
    c.state === 'assigned' && c.assignedAgentId && !ws.inbox.isMine(c)
      ? ws.team?.find((a) => a.id === c.assignedAgentId)?.name
      : undefined;
  const text = other ? t('stateAssignedTo', { name: other }) : t(STATE_WORD[c.state] ?? 'stateNew');
  return <span class={`state state-${c.state}`}>{text}</span>;
}
