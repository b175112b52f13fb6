import { describe, expect, it } from 'bun:test';
import { MemoryReplayCache, type ReplyDecision } from '../../../src/channels/wechat/index.ts';
import { replyOnce } from '../../../src/channels/wechat/reply-once.ts';

const reply = (text: string): ReplyDecision => ({ kind: 'reply', text });
const options = (
  cache: MemoryReplayCache,
  run: () => Promise<ReplyDecision>,
  budgetMs = 1_000,
) => ({
  cache,
  key: 'wechat:wx1:msg:42',
  budgetMs,
  rememberMs: 60_000,
  run,
});

describe('replyOnce', () => {
  it('runs once and hands the remembered decision to later copies', async () => {
    const cache = new MemoryReplayCache();
    let runs = 0;
    const run = async () => reply(`run ${++runs}`);
    expect(await replyOnce(options(cache, run))).toEqual({
      kind: 'decided',
      decision: reply('run 1'),
    });
    expect(await replyOnce(options(cache, run))).toEqual({
      kind: 'decided',
      decision: reply('run 1'),
    });
    expect(runs).toBe(1);
  });

  it('answers busy when another node holds the message past the budget', async () => {
    const cache = new MemoryReplayCache();
    await cache.set('wechat:wx1:msg:42', 'processing', 60_000);
    let ran = false;
    const run = async () => {
      ran = true;
      return reply('x');
    };
    const outcome = await replyOnce(options(cache, run, 120));
    expect(outcome).toEqual({ kind: 'busy' });
    expect(ran).toBe(false);
  });

  it('lets a waiting copy take over when the first run fails', async () => {
    const cache = new MemoryReplayCache();
    const first = replyOnce(
      options(cache, async () => {
        await Bun.sleep(80);
        throw new Error('engine down');
      }),
    );
    await Bun.sleep(10);
    const second = replyOnce(options(cache, async () => reply('second try')));
    expect((await first).kind).toBe('failed');
    expect(await second).toEqual({ kind: 'decided', decision: reply('second try') });
  });

  it('times out into late, keeps the decision for the caller, and tells retries late', async () => {
    const cache = new MemoryReplayCache();
    const outcome = await replyOnce(
      options(cache, () => Bun.sleep(150).then(() => reply('slow')), 30),
    );
    expect(outcome.kind).toBe('late');
    expect(outcome.kind === 'late' && (await outcome.decision)).toEqual(reply('slow'));
    expect(await replyOnce(options(cache, async () => reply('again')))).toEqual({ kind: 'late' });
  });

  it('treats a synchronous throw from the engine as a failure', async () => {
    const cache = new MemoryReplayCache();
    const outcome = await replyOnce(
      options(cache, () => {
        throw new Error('sync');
      }),
    );
    expect(outcome.kind).toBe('failed');
    expect(await cache.get('wechat:wx1:msg:42')).toBeUndefined();
  });

  it('still answers when the cache fails to remember the decision', async () => {
    const cache = new MemoryReplayCache();
    cache.set = async () => {
      throw new Error('redis down');
    };
    const outcome = await replyOnce(options(cache, async () => reply('answered')));
    expect(outcome).toEqual({ kind: 'decided', decision: reply('answered') });
  });
});
