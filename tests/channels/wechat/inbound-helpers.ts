/**
 * Shared set-up for the callback handler tests: one account, a fixed clock, in-memory
 * caches, a recording `onMessage`, and a `FakeWechat` that signs requests for it.
 */
import {
  handleWechatCallback,
  MemoryReplayCache,
  type ReplyDecision,
  type WechatCallbackResponse,
  type WechatChannelConfig,
  type WechatMessage,
} from '../../../src/channels/wechat/index.ts';
import { type CallbackRequest, FakeWechat, type WechatMode } from '../../support/wechat-client.ts';

export const APP_ID = 'wx0123456789abcdef';
export const TOKEN = 'kefuToken2024';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export interface Harness {
  wechat: FakeWechat;
  /** Every message `onMessage` received, in order. */
  seen: WechatMessage[];
  clock: { ms: number };
  call(request: CallbackRequest): Promise<WechatCallbackResponse>;
}

export function setUp(
  mode: WechatMode,
  decide: (message: WechatMessage) => Promise<ReplyDecision> = async (m) => ({
    kind: 'reply',
    text: `echo: ${m.type === 'text' ? m.content : m.type}`,
  }),
  overrides: Partial<WechatChannelConfig> = {},
): Harness {
  const clock = { ms: Date.UTC(2024, 0, 1) };
  const channel: WechatChannelConfig = {
    appId: APP_ID,
    token: TOKEN,
    encodingAesKey: AES_KEY,
    mode,
    ...overrides,
  };
  const wechat = new FakeWechat({
    appId: APP_ID,
    token: TOKEN,
    encodingAesKey: AES_KEY,
    mode,
    now: () => clock.ms,
  });
  const seen: WechatMessage[] = [];
  const deps = {
    now: () => clock.ms,
    nonceCache: new MemoryReplayCache(),
    dedupeCache: new MemoryReplayCache(),
    onMessage: (message: WechatMessage) => {
      seen.push(message);
      return decide(message);
    },
  };
  return { wechat, seen, clock, call: (request) => handleWechatCallback(request, channel, deps) };
}

/** The stable error code in a refusal body. */
export function errorCodeOf(response: WechatCallbackResponse): string {
  return (JSON.parse(response.body) as { code: string }).code;
}
