/**
 * The ticket service: create, update (status transitions, assignment, fields), comment
 * (public replies reach the customer's channel; internal notes do not), merge, CSAT.
 * Every change is one transaction with its audit events; concurrent edits are refused by
 * version.
 */
import { KefuError, notFound } from '../errors.ts';
import type { Logger } from '../log.ts';
import {
  activeSlaPolicy,
  type Body,
  type Ctx,
  getConversation,
  getCustomer,
  getTicket,
  getUser,
  indexTerms,
  insertComment,
  insertTicket,
  insertTicketEvent,
  isUniqueViolation,
  listGroups,
  nextTicketNumber,
  replaceTags,
  type Store,
  type Ticket,
  updateTicket,
} from '../store/index.ts';
import { type Actor, SYSTEM } from './actor.ts';
import { canTransition, type TicketPriority, type TicketStatus } from './model.ts';
import { searchTerms } from './search.ts';
import { dueTimes, nextDue, nextResponseDue } from './sla.ts';

export interface TicketHooks {
  /** Delivers a public reply to the requester's channel (the linked conversation). */
  replyToCustomer(ticket: Ticket, actor: Actor, text: string): Promise<void>;
  changed(kind: 'ticket.created' | 'ticket.updated', ticket: Ticket): void;
}

export interface CreateTicket {
  subject: string;
  priority?: TicketPriority;
  status?: TicketStatus;
  requesterId?: string | null;
  assigneeId?: string | null;
  groupId?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
  conversationId?: string | null;
  /** Text to make searchable besides the subject (e.g. the conversation so far). */
  searchText?: string;
  comment?: { body: string; public: boolean };
}

export interface UpdateTicket {
  version: number;
  subject?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string | null;
  groupId?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
}

export class TicketService {
  constructor(
    private readonly store: Store,
    private readonly hooks: TicketHooks,
    private readonly log: Logger,
  ) {}

  async create(tenantId: string, actor: Actor, input: CreateTicket): Promise<Ticket> {
    for (let attempt = 1; ; attempt++) {
      try {
        const ticket = await this.store.tx((c) => this.createIn(c, tenantId, actor, input));
        this.hooks.changed('ticket.created', ticket);
        return ticket;
      } catch (error) {
        // Two tickets took the same number at once: take the next one.
        if (attempt < 5 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  *createIn(c: Ctx, tenantId: string, actor: Actor, input: CreateTicket): Body<Ticket> {
    yield* this.checkRefs(c, tenantId, input);
    const now = Date.now();
    const priority = input.priority ?? 'normal';
    const policy = yield* activeSlaPolicy(c, tenantId);
    const tags = normalizeTags(input.tags ?? []);
    const due = dueTimes(policy, priority, now);
    const ticket: Ticket = {
      id: Bun.randomUUIDv7(),
      tenantId,
      number: yield* nextTicketNumber(c, tenantId),
      subject: input.subject.trim().slice(0, 300) || '(no subject)',
      status: input.status ?? 'new',
      priority,
      requesterId: input.requesterId ?? null,
      assigneeId: input.assigneeId ?? null,
      groupId: input.groupId ?? null,
      tags,
      customFields: input.customFields ?? {},
      conversationId: input.conversationId ?? null,
      mergedIntoId: null,
      slaPolicyId: policy?.id ?? null,
      ...due,
      nextResponseDueAt: null,
      firstRespondedAt: null,
      breachedAt: null,
      breaches: [],
      slaNextDueAt: null,
      csatScore: null,
      csatComment: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      solvedAt: input.status === 'solved' ? now : null,
      closedAt: input.status === 'closed' ? now : null,
    };
    ticket.slaNextDueAt = nextDue(ticket);
    yield* insertTicket(c, ticket);
    yield* replaceTags(c, tenantId, ticket.id, tags);
    yield* event(c, ticket, actor, 'created', {
      subject: ticket.subject,
      priority,
      status: ticket.status,
    });
    const text = [
      ticket.subject,
      input.searchText ?? '',
      input.comment?.body ?? '',
      String(ticket.number),
    ].join(' ');
    yield* indexTerms(c, tenantId, ticket.id, searchTerms(text));
    if (input.comment) {
      yield* insertComment(c, {
        id: Bun.randomUUIDv7(),
        tenantId,
        ticketId: ticket.id,
        authorKind: actor.kind,
        authorId: actor.id,
        public: input.comment.public,
        body: input.comment.body,
        createdAt: now,
      });
    }
    return ticket;
  }

  async update(tenantId: string, actor: Actor, id: string, patch: UpdateTicket): Promise<Ticket> {
    const ticket = await this.store.tx(
      function* (this: TicketService, c: Ctx): Body<Ticket> {
        const current = yield* getTicket(c, tenantId, id);
        if (!current) throw notFound('ticket');
        if (current.version !== patch.version) {
          throw new KefuError(
            'conflict',
            `ticket was changed meanwhile (now version ${current.version}): reload and retry`,
          );
        }
        yield* this.checkRefs(c, tenantId, {
          ...patch,
          groupId: patch.groupId ?? current.groupId,
          assigneeId: patch.assigneeId,
        });
        const changes: Partial<Ticket> = { updatedAt: Date.now() };
        const logged: Record<string, unknown> = {};
        const set = <K extends keyof Ticket>(key: K, value: Ticket[K] | undefined) => {
          if (value === undefined || JSON.stringify(value) === JSON.stringify(current[key])) return;
          changes[key] = value;
          logged[key] = { from: current[key], to: value };
        };
        if (patch.status && !canTransition(current.status as TicketStatus, patch.status)) {
          throw new KefuError(
            'validation_failed',
            `status cannot go from ${current.status} to ${patch.status}`,
          );
        }
        set('subject', patch.subject?.trim().slice(0, 300));
        set('status', patch.status);
        set('priority', patch.priority);
        set('assigneeId', patch.assigneeId);
        set('groupId', patch.groupId);
        set('tags', patch.tags === undefined ? undefined : normalizeTags(patch.tags));
        set('customFields', patch.customFields);
        if (Object.keys(logged).length === 0) return current;
        if (changes.status === 'solved') changes.solvedAt = changes.updatedAt!;
        if (changes.status === 'closed') changes.closedAt = changes.updatedAt!;
        if (changes.status === 'open' && current.status === 'solved') changes.solvedAt = null;
        if (changes.priority) {
          const policy = yield* activeSlaPolicy(c, tenantId);
          Object.assign(changes, dueTimes(policy, changes.priority, current.createdAt));
        }
        const next = { ...current, ...changes };
        changes.slaNextDueAt = nextDue(next);
        if ((yield* updateTicket(c, tenantId, id, current.version, changes)) === 0) {
          throw new KefuError('conflict', 'ticket was changed meanwhile: reload and retry');
        }
        if (changes.tags) yield* replaceTags(c, tenantId, id, changes.tags);
        yield* event(c, current, actor, 'updated', logged);
        return { ...next, version: current.version + 1 };
      }.bind(this),
    );
    this.hooks.changed('ticket.updated', ticket);
    return ticket;
  }

  /** A public reply (to the requester's channel) or an internal note. */
  async comment(
    tenantId: string,
    actor: Actor,
    id: string,
    input: { body: string; public: boolean },
  ): Promise<Ticket> {
    const body = input.body.trim();
    if (!body) throw new KefuError('validation_failed', 'body is empty');
    const ticket = await this.store.tx(function* (c: Ctx): Body<Ticket> {
      const current = yield* getTicket(c, tenantId, id);
      if (!current) throw notFound('ticket');
      if (current.status === 'closed') throw new KefuError('conflict', 'the ticket is closed');
      const now = Date.now();
      yield* insertComment(c, {
        id: Bun.randomUUIDv7(),
        tenantId,
        ticketId: id,
        authorKind: actor.kind,
        authorId: actor.id,
        public: input.public,
        body,
        createdAt: now,
      });
      const changes: Partial<Ticket> = { updatedAt: now };
      if (actor.kind === 'customer') {
        const policy = yield* activeSlaPolicy(c, tenantId);
        changes.nextResponseDueAt =
          current.firstRespondedAt === null ? null : nextResponseDue(policy, current.priority, now);
        if (current.status === 'pending' || current.status === 'solved') changes.status = 'open';
      } else if (input.public) {
        if (current.firstRespondedAt === null) changes.firstRespondedAt = now;
        changes.nextResponseDueAt = null;
        if (current.status === 'new') changes.status = 'open';
      }
      const next = { ...current, ...changes };
      changes.slaNextDueAt = nextDue(next);
      if ((yield* updateTicket(c, tenantId, id, current.version, changes)) === 0) {
        throw new KefuError('conflict', 'ticket was changed meanwhile: retry');
      }
      yield* event(c, current, actor, input.public ? 'replied' : 'noted', { length: body.length });
      yield* indexTerms(c, tenantId, id, searchTerms(body));
      return { ...next, version: current.version + 1 };
    });
    if (input.public && actor.kind !== 'customer') {
      await this.hooks.replyToCustomer(ticket, actor, body).catch((error) => {
        this.log.warn(
          { err: error, ticketId: id },
          'public reply stored but not delivered to a channel',
        );
      });
    }
    this.hooks.changed('ticket.updated', ticket);
    return ticket;
  }

  /** Merges `id` into `intoId`: the source closes and points at the target. */
  async merge(tenantId: string, actor: Actor, id: string, intoId: string): Promise<Ticket> {
    if (id === intoId)
      throw new KefuError('validation_failed', 'a ticket cannot be merged into itself');
    const target = await this.store.tx(function* (c: Ctx): Body<Ticket> {
      const source = yield* getTicket(c, tenantId, id);
      const into = yield* getTicket(c, tenantId, intoId);
      if (!source || !into) throw notFound('ticket');
      if (source.mergedIntoId || into.mergedIntoId)
        throw new KefuError('conflict', 'one of the tickets is already merged');
      if (into.status === 'closed')
        throw new KefuError('conflict', 'cannot merge into a closed ticket');
      const now = Date.now();
      if (
        (yield* updateTicket(c, tenantId, id, source.version, {
          status: 'closed',
          closedAt: now,
          mergedIntoId: intoId,
          updatedAt: now,
          slaNextDueAt: null,
        })) === 0
      ) {
        throw new KefuError('conflict', 'ticket was changed meanwhile: retry');
      }
      const tags = normalizeTags([...into.tags, ...source.tags]);
      if (
        (yield* updateTicket(c, tenantId, intoId, into.version, { tags, updatedAt: now })) === 0
      ) {
        throw new KefuError('conflict', 'ticket was changed meanwhile: retry');
      }
      yield* replaceTags(c, tenantId, intoId, tags);
      yield* indexTerms(c, tenantId, intoId, searchTerms(`${source.subject} ${source.number}`));
      yield* event(c, source, actor, 'merged', { into: intoId, intoNumber: into.number });
      yield* event(c, into, actor, 'merged_from', { from: id, fromNumber: source.number });
      return { ...into, tags, updatedAt: now, version: into.version + 1 };
    });
    this.hooks.changed('ticket.updated', target);
    return target;
  }

  /** The customer's rating, stored on the ticket. */
  async rate(tenantId: string, id: string, score: number, comment: string | null): Promise<Ticket> {
    if (!Number.isInteger(score) || score < 1 || score > 5)
      throw new KefuError('validation_failed', 'score is 1 to 5');
    const ticket = await this.store.tx(function* (c: Ctx): Body<Ticket> {
      const current = yield* getTicket(c, tenantId, id);
      if (!current) throw notFound('ticket');
      const changes = {
        csatScore: score,
        csatComment: comment?.slice(0, 2000) ?? null,
        updatedAt: Date.now(),
      };
      if ((yield* updateTicket(c, tenantId, id, current.version, changes)) === 0)
        throw new KefuError('conflict', 'retry');
      yield* event(c, current, SYSTEM, 'csat', { score });
      return { ...current, ...changes, version: current.version + 1 };
    });
    this.hooks.changed('ticket.updated', ticket);
    return ticket;
  }

  /** Assignee, group, requester and conversation must be of the tenant; the assignee must have the group's skill. */
  private *checkRefs(
    c: Ctx,
    tenantId: string,
    refs: {
      assigneeId?: string | null;
      groupId?: string | null;
      requesterId?: string | null;
      conversationId?: string | null;
    },
  ) {
    const groups = refs.groupId || refs.assigneeId ? yield* listGroups(c, tenantId) : [];
    const group = refs.groupId ? groups.find((g) => g.id === refs.groupId) : undefined;
    if (refs.groupId && !group) throw new KefuError('validation_failed', 'groupId: no such group');
    if (refs.assigneeId) {
      const user = yield* getUser(c, tenantId, refs.assigneeId);
      if (!user || user.disabledAt)
        throw new KefuError('validation_failed', 'assigneeId: no such agent');
      if (group && !user.skills.includes(group.key)) {
        throw new KefuError(
          'validation_failed',
          `assigneeId: the agent lacks the "${group.key}" skill`,
        );
      }
    }
    if (refs.conversationId && !(yield* getConversation(c, tenantId, refs.conversationId))) {
      throw new KefuError('validation_failed', 'conversationId: no such conversation');
    }
    if (refs.requesterId && !(yield* getCustomer(c, tenantId, refs.requesterId))) {
      throw new KefuError('validation_failed', 'requesterId: no such customer');
    }
  }
}

function* event(c: Ctx, ticket: Ticket, actor: Actor, kind: string, data: Record<string, unknown>) {
  yield* insertTicketEvent(c, {
    id: Bun.randomUUIDv7(),
    tenantId: ticket.tenantId,
    ticketId: ticket.id,
    kind,
    actorKind: actor.kind,
    actorId: actor.id,
    data,
    createdAt: Date.now(),
  });
}

function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase().slice(0, 64)).filter(Boolean))].slice(
    0,
    50,
  );
}
