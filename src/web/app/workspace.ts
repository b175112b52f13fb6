/**
 * The signed-in workspace: the inbox (`inbox.ts`) wired to the agent socket and the REST
 * API. After every (re)connect it resumes each conversation from the last seq it had and
 * resends unacked replies with their clientMsgId, so a network cut loses nothing and needs
 * no reload. The views read its fields and call its actions; `subscribe` redraws them.
 */
import { newClientMsgId } from '../shared/ids.ts';
import { Link, type LinkStatus } from '../shared/link.ts';
import {
  type ChatMessage,
  fromFrame,
  type HelloFrame,
  type ServerFrame,
} from '../shared/protocol.ts';
import {
  type AgentRow,
  Api,
  ApiError,
  type Canned,
  type GroupRow,
  refresh,
  type SignedIn,
  session,
} from './api.ts';
import { DashboardModel } from './dashboard/model.ts';
import { t } from './i18n.ts';
import { type Conversation, Inbox, type ViewName } from './inbox.ts';
import { announce } from './notify.ts';
import { adminTabsFor, atLeast, parseRoute, type Route, routePath } from './routes.ts';

const HISTORY_PAGE = 50;
const WATCH_QUEUED = 30;
const PREVIEW_MESSAGES = 20;
const TYPING_EVERY_MS = 3000;
const TEAM_REFRESH_MS = 30_000;
const FLASH_MS = 6000;
const READ_KEY = 'kefu.read';
const VIEW_KEY = 'kefu.view';

export class Workspace {
  readonly inbox: Inbox;
  status: LinkStatus = 'connecting';
  /** Set once the first hello arrived: from then on a lost link shows the offline banner. */
  everOnline = false;
  view: ViewName;
  selectedId: string | undefined;
  search = '';
  /** The tenant's agents with presence (supervisors and admins only). */
  team: AgentRow[] | undefined;
  meRow: AgentRow | undefined;
  readonly loading = new Set<string>();
  notice: string | undefined;
  /** A short confirmation ("Transferred to …"), shown until dismissed or replaced. */
  flash: string | undefined;
  /** Where the agent is: the inbox, tickets, the dashboard, the rules, admin. */
  route: Route = { section: 'inbox' };
  /** Online (takes new conversations) or away, as the server last said. */
  myStatus: 'online' | 'away' = 'online';
  readonly dashboard = new DashboardModel();
  readonly api: Api;
  private cannedCache: Promise<Canned[]> | undefined;
  private groupsCache: Promise<GroupRow[]> | undefined;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly link: Link;
  private readonly listeners = new Set<() => void>();
  private readonly typingSentAt = new Map<string, number>();
  private teamTimer: ReturnType<typeof setInterval> | undefined;
  private lastSessionCheck = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The token the socket connected with: a 4401 for an older one means reconnect. */
  private socketToken = '';

  constructor(
    readonly signedIn: SignedIn,
    private readonly onSignedOut: (reason?: 'expired') => void,
  ) {
    this.inbox = new Inbox(loadJson(READ_KEY) ?? {});
    this.view = (sessionStorage.getItem(VIEW_KEY) as ViewName | null) ?? 'mine';
    this.api = new Api(signedIn.token, () => this.signOut('expired'));
    const wsScheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.link = new Link({
      url: () => {
        this.socketToken = signedIn.token;
        return `${wsScheme}//${location.host}/ws/agent?token=${encodeURIComponent(signedIn.token)}`;
      },
      onOpen: () => {},
      onFrame: (frame) => this.onFrame(frame),
      onStatus: (status) => this.onStatus(status),
      onFatalClose: (code) => {
        if (code !== 4401) return false;
        // The server closes a socket when its token expires: reconnect with the new one.
        if (this.socketToken !== this.signedIn.token) return false;
        this.signOut('expired');
        return true;
      },
    });
  }

  start(): void {
    this.link.start();
    this.scheduleRefresh();
    addEventListener('popstate', this.onLocation);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.onLocation();
  }

  stop(): void {
    clearTimeout(this.refreshTimer);
    this.link.stop();
    clearInterval(this.teamTimer);
    removeEventListener('popstate', this.onLocation);
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get selected(): Conversation | undefined {
    return this.selectedId ? this.inbox.conversations.get(this.selectedId) : undefined;
  }

  /** Replies are possible in our own open conversations (supervisors: any open one). */
  canReply(c: Conversation): boolean {
    if (c.state === 'closed') return false;
    return this.inbox.isMine(c) || this.signedIn.agent.role !== 'agent';
  }

  /** Supervisors take over open conversations that are not theirs yet. */
  canTakeOver(c: Conversation): boolean {
    return this.isSupervisor && c.state !== 'closed' && !this.inbox.isMine(c);
  }

  /** A teammate's name when known (supervisors see the team), else a neutral word. */
  agentName(id: string | null): string {
    if (id === null) return t('unassigned');
    if (id === this.signedIn.agent.id) return t('me');
    return this.team?.find((a) => a.id === id)?.name ?? t('teammate');
  }

  adminTabs() {
    return adminTabsFor(this.signedIn.agent.role);
  }

  get isSupervisor(): boolean {
    return atLeast(this.signedIn.agent.role, 'supervisor');
  }

  // Navigation.

  /** Goes to a section (and, in the inbox, a conversation); the URL follows. */
  go(route: Route, updateUrl = true): void {
    const previous = this.route;
    this.route = route;
    if (updateUrl && routePath(route) !== location.pathname)
      history.pushState(null, '', routePath(route));
    const id = route.section === 'inbox' ? route.conversationId : undefined;
    this.selectedId = id;
    if (id) void this.open(id);
    if (route.section === 'dashboard' && previous.section !== 'dashboard')
      void this.loadDashboard();
    this.changed();
  }

  // Actions called by the views.

  setView(view: ViewName): void {
    this.view = view;
    sessionStorage.setItem(VIEW_KEY, view);
    if (view === 'all') void this.loadAllOpen();
    this.changed();
  }

  setSearch(search: string): void {
    this.search = search;
    this.changed();
  }

  select(id: string | undefined, updateUrl = true): void {
    this.go(id ? { section: 'inbox', conversationId: id } : { section: 'inbox' }, updateUrl);
  }

  /** j/k: the next or previous conversation of the current view. */
  selectNext(step: 1 | -1): void {
    const list = this.inbox.list(this.view, this.search);
    if (list.length === 0) return;
    const at = list.findIndex((c) => c.id === this.selectedId);
    const next = at < 0 ? (step > 0 ? 0 : list.length - 1) : at + step;
    const target = list[Math.min(list.length - 1, Math.max(0, next))];
    if (target && target.id !== this.selectedId) this.select(target.id);
  }

  send(text: string): void {
    const id = this.selectedId;
    if (!id || !text.trim()) return;
    const frame = this.inbox.compose(id, text, newClientMsgId('a'));
    if (frame) this.link.send(frame);
    this.typingSentAt.delete(id); // the next keystroke starts a new typing burst
    this.changed();
  }

  retry(conversationId: string, clientMsgId: string): void {
    const frame = this.inbox.retry(conversationId, clientMsgId);
    if (frame) this.link.send(frame);
    this.changed();
  }

  typing(): void {
    const id = this.selectedId;
    if (!id) return;
    const now = Date.now();
    if (now - (this.typingSentAt.get(id) ?? 0) < TYPING_EVERY_MS) return;
    if (this.link.send({ t: 'typing', conversationId: id })) this.typingSentAt.set(id, now);
  }

  async close(id: string): Promise<void> {
    try {
      const { conversation } = await this.api.close(id);
      this.inbox.upsert(conversation);
    } catch (error) {
      this.fail(error);
    }
    this.changed();
  }

  /** Hands the conversation to a teammate or a group; errors go to the caller (the dialog). */
  async transfer(
    id: string,
    to: { toAgentId: string } | { toGroup: string },
    reason: string,
  ): Promise<void> {
    const { conversation } = await this.api.transfer(id, { ...to, reason });
    this.inbox.upsert(conversation);
    this.confirm(t('transferred'));
    this.changed();
  }

  async takeOver(id: string): Promise<void> {
    try {
      const { conversation } = await this.api.takeover(id);
      if (this.inbox.upsert(conversation)) await this.loadTail(id, HISTORY_PAGE);
      this.confirm(t('tookOver'));
    } catch (error) {
      this.fail(error);
    }
    this.changed();
  }

  /** A whisper: an internal note on the conversation that only the staff see. */
  async addNote(conversationId: string, text: string, key = newClientMsgId('n')): Promise<void> {
    if (!text.trim()) return;
    if (!this.inbox.conversations.get(conversationId)?.pendingNotes.some((p) => p.key === key))
      this.inbox.pendNote(conversationId, key, text);
    this.changed();
    try {
      this.inbox.settleNote(conversationId, key, await this.api.addNote(conversationId, text));
    } catch (error) {
      this.inbox.settleNote(conversationId, key, {
        failed: error instanceof Error ? error.message : String(error),
      });
    }
    this.changed();
  }

  retryNote(conversationId: string, key: string): void {
    const pending = this.inbox.conversations
      .get(conversationId)
      ?.pendingNotes.find((p) => p.key === key);
    if (!pending) return;
    pending.failed = undefined;
    void this.addNote(conversationId, pending.text, key);
  }

  /** Online takes new conversations; away keeps the current ones and takes none. */
  setPresence(status: 'online' | 'away'): void {
    if (this.link.send({ t: 'presence', status })) this.myStatus = status;
    this.changed();
  }

  /** The tenant's canned responses, read once per session (admins' edits refresh it). */
  cannedResponses(refresh = false): Promise<Canned[]> {
    if (refresh || !this.cannedCache) {
      this.cannedCache = this.api.canned().then((r) => r.responses);
      this.cannedCache.catch(() => {
        this.cannedCache = undefined;
      });
    }
    return this.cannedCache;
  }

  groups(refresh = false): Promise<GroupRow[]> {
    if (refresh || !this.groupsCache) {
      this.groupsCache = this.api.groups().then((r) => r.groups);
      this.groupsCache.catch(() => {
        this.groupsCache = undefined;
      });
    }
    return this.groupsCache;
  }

  async loadDashboard(): Promise<void> {
    if (!this.isSupervisor) return;
    try {
      this.dashboard.load(await this.api.dashboard());
    } catch (error) {
      this.fail(error);
    }
    this.changed();
  }

  /** A short confirmation, gone by itself after a few seconds. */
  confirm(text: string): void {
    this.flash = text;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => {
      if (this.flash === text) this.flash = undefined;
      this.changed();
    }, FLASH_MS);
    this.changed();
  }

  /** Shows an error from a call the views made. */
  showError(error: unknown): void {
    this.fail(error);
    this.changed();
  }

  async loadEarlier(id: string): Promise<void> {
    const c = this.inbox.conversations.get(id);
    if (!c?.loadedFrom || c.loadedFrom <= 1 || this.loading.has(id)) return;
    const afterSeq = Math.max(0, c.loadedFrom - 1 - HISTORY_PAGE);
    await this.withLoading(id, async () => {
      const page = await this.api.conversation(id, afterSeq, c.loadedFrom! - 1 - afterSeq);
      this.inbox.history(id, afterSeq, page.messages);
    });
  }

  dismissNotice(): void {
    this.notice = undefined;
    this.flash = undefined;
    this.changed();
  }

  /**
   * Trades the refresh token for new tokens two minutes before the token expires (half
   * way through a token shorter than four minutes).
   */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    const { refreshToken, expiresAt } = this.signedIn;
    if (!refreshToken || !expiresAt) return;
    // setTimeout takes at most 2^31-1 ms (24.8 days); a longer token refreshes early.
    const left = expiresAt - Date.now();
    const due = Math.min(2 ** 31 - 1, Math.max(5_000, left - Math.min(120_000, left / 2)));
    this.refreshTimer = setTimeout(async () => {
      try {
        const next = await refresh(refreshToken);
        Object.assign(this.signedIn, next);
        session.save(this.signedIn);
        this.api.setToken(next.token);
        this.scheduleRefresh();
      } catch {
        // Refused (session ended): the next 401 or 4401 signs out.
      }
    }, due);
  }

  signOut(reason?: 'expired'): void {
    // Ending the session on the server makes the token useless even if it was copied.
    if (!reason) void this.api.logout().catch(() => {});
    this.stop();
    session.clear();
    this.onSignedOut(reason);
  }

  // Frames.

  private onFrame(frame: ServerFrame): void {
    const { inbox } = this;
    switch (frame.t) {
      case 'hello':
        this.onHello(frame);
        break;
      case 'conversation': {
        const known = inbox.conversations.has(frame.conversation.id);
        if (inbox.upsert(frame.conversation)) void this.assigned(frame.conversation.id);
        else if (!known && frame.conversation.state === 'queued')
          this.watch([frame.conversation.id]);
        void this.refreshPresence();
        break;
      }
      case 'msg':
        if (!inbox.conversations.has(frame.conversationId)) {
          void this.loadTail(frame.conversationId, HISTORY_PAGE);
          return;
        }
        if (inbox.message(fromFrame(frame))) this.readIfLooking();
        break;
      case 'ack':
        inbox.ack(frame);
        this.readIfLooking();
        break;
      case 'typing':
        if (!inbox.typing(frame.conversationId, frame.author)) return;
        setTimeout(() => this.changed(), 6100);
        break;
      case 'read':
        if (!inbox.peerRead(frame.conversationId, frame.author, frame.seq)) return;
        break;
      case 'note':
        if (!inbox.note(frame.note)) return;
        break;
      case 'stats': {
        const { t: _t, ...stats } = frame;
        this.dashboard.push(stats);
        break;
      }
      case 'presence':
        if (frame.agentId === this.signedIn.agent.id)
          this.myStatus = frame.status === 'away' ? 'away' : 'online';
        if (this.team) void this.refreshPresence();
        break;
      case 'error':
        if (frame.code === 'unavailable' || frame.code === 'rate_limited') {
          // Not stored: the same clientMsgIds go again shortly (stored once).
          setTimeout(() => this.resendPending(), 2000);
        } else if (!(frame.ref && inbox.refused(frame.ref, frame.message))) {
          this.notice = t('errorGeneric', { msg: frame.message });
        }
        break;
      default:
        return;
    }
    this.changed();
  }

  private onHello(frame: HelloFrame): void {
    const first = !this.everOnline;
    const outcome = this.inbox.hello(frame);
    if (frame.agent.status === 'away' || frame.agent.status === 'online')
      this.myStatus = frame.agent.status;
    // Pushes missed while offline: start again from the full picture.
    if (this.route.section === 'dashboard' && !first) void this.loadDashboard();
    this.everOnline = true;
    for (const r of outcome.resume) this.link.send({ t: 'resume', ...r });
    this.resendPending();
    for (const id of outcome.stale) void this.refresh(id);
    for (const c of outcome.newlyMine) void this.assigned(c.id);
    const resumed = new Set(outcome.resume.map((r) => r.conversationId));
    this.watch(
      this.inbox
        .list(this.view === 'all' ? 'all' : 'queued')
        .filter((c) => !resumed.has(c.id) && !this.inbox.isMine(c))
        .map((c) => c.id),
    );
    if (first) {
      // Previews and unread counts for what is already ours.
      const mine = this.inbox.list('mine').slice(0, 20);
      for (const c of mine) void this.loadTail(c.id, 20);
      if (this.signedIn.agent.role !== 'agent') {
        this.teamTimer = setInterval(() => void this.refreshPresence(), TEAM_REFRESH_MS);
      }
    }
    const selected = this.selectedId;
    if (selected && !outcome.resume.some((r) => r.conversationId === selected)) {
      void this.open(selected);
    }
    if (this.view === 'all') void this.loadAllOpen();
    void this.refreshPresence();
  }

  private resendPending(): void {
    for (const frame of this.inbox.pendingFrames()) this.link.send(frame);
  }

  /**
   * Follows conversations live, starting with their newest messages (the previews of the
   * queue and of "All open"). Bounded: a long list is watched from its head.
   */
  private watch(ids: string[]): void {
    for (const id of ids.slice(0, WATCH_QUEUED)) {
      const c = this.inbox.conversations.get(id);
      if (!c) continue;
      const afterSeq = Math.max(0, (c.messages.at(-1)?.seq ?? c.lastSeq) - PREVIEW_MESSAGES);
      this.link.send({ t: 'resume', conversationId: id, afterSeq });
    }
  }

  /** A conversation just became ours: read its newest messages, then tell the agent. */
  private async assigned(id: string): Promise<void> {
    await this.loadTail(id, 20);
    const c = this.inbox.conversations.get(id);
    if (!c || !this.inbox.isMine(c)) return;
    const last = c.messages.findLast((m) => m.author.kind === 'customer');
    announce(
      t('newAssignment'),
      t('newAssignmentBody', { who: visitorName(c), text: last?.text ?? '' }),
      `kefu-${c.id}`,
      () => this.select(c.id),
    );
  }

  // Loading.

  /** Shows a conversation: its history first, then live (resume also watches it). */
  private async open(id: string): Promise<void> {
    const c = this.inbox.conversations.get(id);
    if (!c || c.loadedFrom === undefined) await this.loadTail(id, HISTORY_PAGE);
    const loaded = this.inbox.conversations.get(id);
    if (!loaded || this.selectedId !== id) return;
    const afterSeq = loaded.messages.at(-1)?.seq ?? loaded.lastSeq;
    // Resuming also follows the conversation's notes live; read the ones so far.
    this.link.send({ t: 'resume', conversationId: id, afterSeq });
    this.api.notes(id).then(
      ({ notes }) => {
        this.inbox.notesLoaded(id, notes);
        this.changed();
      },
      () => {},
    );
    this.readIfLooking();
    this.changed();
  }

  /** The newest `size` messages (and everything after them) over REST. */
  private async loadTail(id: string, size: number): Promise<void> {
    if (this.loading.has(id)) return;
    await this.withLoading(id, async () => {
      let c = this.inbox.conversations.get(id);
      if (!c) {
        const first = await this.api.conversation(id, 0, 1);
        this.inbox.upsert(first.conversation);
        c = this.inbox.conversations.get(id)!;
      }
      const anchor = c.messages[0]?.seq ?? c.lastSeq + 1;
      const from = Math.max(0, Math.min(anchor - 1, c.lastSeq) - size);
      await this.readFrom(id, from);
      this.inbox.history(id, from, []);
    });
  }

  /** Reads every message after `afterSeq`, page by page, with the conversation's state. */
  private async readFrom(id: string, afterSeq: number): Promise<void> {
    for (let after: number | null = afterSeq; after !== null; ) {
      const page = await this.api.conversation(id, after, 100);
      this.inbox.upsert(page.conversation);
      for (const m of page.messages) this.inbox.message(m as ChatMessage);
      after = page.nextAfterSeq;
    }
  }

  /** A followed conversation missing from a hello: its state and messages over REST. */
  private async refresh(id: string): Promise<void> {
    const c = this.inbox.conversations.get(id);
    if (!c) return;
    await this.withLoading(id, () => this.readFrom(id, c.messages.at(-1)?.seq ?? c.lastSeq));
    if (this.selectedId === id && c.state !== 'closed') void this.open(id);
  }

  private async loadAllOpen(): Promise<void> {
    try {
      const pages = await Promise.all(
        (['bot', 'queued', 'assigned'] as const).map((state) => this.api.conversations(state)),
      );
      for (const page of pages) for (const c of page.conversations) this.inbox.upsert(c);
      // Previews (and live updates) for the head of the list.
      this.watch(
        this.inbox
          .list('all')
          .filter((c) => c.messages.length === 0 && !this.inbox.isMine(c))
          .map((c) => c.id),
      );
    } catch (error) {
      this.fail(error);
    }
    this.changed();
  }

  private async refreshPresence(): Promise<void> {
    try {
      this.meRow = await this.api.me();
      if (this.signedIn.agent.role !== 'agent') this.team = (await this.api.agents()).agents;
    } catch {
      // presence is decoration: keep the last known
    }
    this.changed();
  }

  private async withLoading(id: string, work: () => Promise<void>): Promise<void> {
    this.loading.add(id);
    this.changed();
    try {
      await work();
    } catch (error) {
      this.fail(error);
    } finally {
      this.loading.delete(id);
      this.changed();
    }
  }

  // Plumbing.

  /** Tells the customer what the agent has read, when the agent is looking. */
  private readIfLooking(): void {
    const id = this.selectedId;
    if (!id || document.visibilityState !== 'visible') return;
    const seq = this.inbox.markRead(id);
    if (seq === undefined) return;
    this.link.send({ t: 'read', conversationId: id, seq });
    sessionStorage.setItem(READ_KEY, JSON.stringify(this.inbox.readPositions()));
  }

  private onStatus(status: LinkStatus): void {
    this.status = status;
    // A socket that never opens may mean a revoked token: ask the API (a 401 signs out).
    if (status === 'offline' && Date.now() - this.lastSessionCheck > 10_000) {
      this.lastSessionCheck = Date.now();
      this.api.me().catch(() => {});
    }
    this.changed();
  }

  private fail(error: unknown): void {
    if (error instanceof ApiError && error.status === 401) return;
    const message = error instanceof Error ? error.message : String(error);
    this.notice = t('errorGeneric', { msg: message });
  }

  private readonly onLocation = () => {
    this.go(parseRoute(location.pathname), false);
  };

  private readonly onVisibility = () => {
    this.readIfLooking();
    this.changed();
  };

  private changed(): void {
    const unread = this.inbox.list('mine').reduce((sum, c) => sum + this.inbox.unread(c), 0);
    document.title = `${unread > 0 ? `(${unread}) ` : ''}${t('workspace')} — kefu`;
    for (const listener of this.listeners) listener();
  }
}

/** How the UI names a customer: there are no names yet, so a short id. */
export function visitorName(c: Conversation): string {
  return t('visitor', { id: c.customerId.slice(-6) });
}

function loadJson<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}
