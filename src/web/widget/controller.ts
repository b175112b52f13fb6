/**
 * Wires the widget's state (`Chat`) to the socket (`Link`) and to the view: sends what the
 * customer writes (or keeps it queued while offline), resends the queue on every welcome,
 * and tells the view when to redraw.
 */
import { newClientMsgId } from '../shared/ids.ts';
import { Link, type LinkStatus } from '../shared/link.ts';
import type { ServerFrame } from '../shared/protocol.ts';
import { Chat, type Saved } from './chat.ts';

const RESEND_AFTER_REFUSAL_MS = 2000;

export class WidgetController {
  readonly chat: Chat;
  status: LinkStatus = 'connecting';
  private readonly link: Link;
  private readonly listeners = new Set<() => void>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(widgetKey: string, wsBase: string) {
    this.chat = new Chat(localStore(`kefu.widget.${widgetKey}`));
    this.link = new Link({
      url: () => this.chat.socketUrl(wsBase, widgetKey),
      onOpen: () => {},
      onFrame: (frame) => this.onFrame(frame),
      onStatus: (status) => {
        this.status = status;
        this.changed();
      },
    });
    document.addEventListener('visibilitychange', () => this.seen());
  }

  start(): void {
    this.link.start();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(text: string): void {
    if (!text.trim()) return;
    this.link.send(this.chat.compose(text, newClientMsgId('w')));
    this.changed();
  }

  retry(clientMsgId: string): void {
    const frame = this.chat.retry(clientMsgId);
    if (frame) this.link.send(frame);
    this.changed();
  }

  typing(): void {
    const frame = this.chat.typingFrame();
    if (frame) this.link.send(frame);
  }

  rate(score: number, comment: string): void {
    const frame = this.chat.rate(score, comment);
    if (frame) this.link.send(frame);
    this.changed();
  }

  setOpen(open: boolean): void {
    this.chat.setOpen(open);
    this.changed();
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.t === 'welcome') {
      for (const out of this.chat.welcome(frame)) this.link.send(out);
      this.changed();
      return;
    }
    if (frame.t === 'error' && (frame.code === 'unavailable' || frame.code === 'rate_limited')) {
      // Not stored: send the queue again a little later (a retry is stored once).
      setTimeout(() => {
        for (const out of this.chat.pendingFrames()) this.link.send(out);
      }, RESEND_AFTER_REFUSAL_MS);
    }
    if (!this.chat.receive(frame)) return;
    if (frame.t === 'typing') {
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.changed(), this.chat.agentTypingUntil - Date.now());
    }
    this.changed();
  }

  /** With the panel open on a visible page, messages are seen and the team is told. */
  private seen(): void {
    if (!this.chat.open || document.visibilityState !== 'visible') return;
    this.chat.markSeen();
    if (this.status === 'online') {
      const frame = this.chat.readFrame();
      if (frame) this.link.send(frame);
    }
  }

  private changed(): void {
    this.seen();
    for (const listener of this.listeners) listener();
  }
}

/** localStorage under one key; a page that forbids storage gets a memory-only widget. */
function localStore(key: string) {
  return {
    load(): Partial<Saved> | undefined {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as Partial<Saved>) : undefined;
      } catch {
        return undefined;
      }
    },
    save(saved: Saved): void {
      try {
        localStorage.setItem(key, JSON.stringify(saved));
      } catch {
        // storage full or forbidden: the conversation still works for this page view
      }
    },
  };
}
