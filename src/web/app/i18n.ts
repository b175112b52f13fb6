/**
 * The workspace's words in English and Chinese. The language comes from the saved choice,
 * else from `navigator.language`; `t('key', { n: 3 })` fills `{n}`.
 */

const en = {
  appName: 'kefu',
  workspace: 'Agent workspace',
  signInTitle: 'Sign in',
  signInLead: 'Use the email and password your admin gave you.',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  wrongLogin: 'Wrong email or password.',
  loginFailed: 'Sign-in failed: {msg}',
  sessionExpired: 'Your session ended. Please sign in again.',
  signOut: 'Sign out',
  language: 'Language',
  online: 'Online',
  connecting: 'Connecting…',
  offline: 'Offline',
  offlineBanner: 'Offline — reconnecting…',
  load: '{n}/{max} chats',
  enableNotifications: 'Enable notifications',
  viewQueued: 'Queued',
  viewMine: 'Mine',
  viewAll: 'All open',
  views: 'Conversation views',
  search: 'Search conversations',
  searchPlaceholder: 'Search… (/)',
  emptyQueued: 'Nobody is waiting.',
  emptyMine: 'No conversations assigned to you.',
  emptyAll: 'No open conversations.',
  noSelection: 'Select a conversation (j/k to move, / to search).',
  visitor: 'Visitor {id}',
  stateBot: 'With the bot',
  stateQueued: 'Queued',
  stateAssigned: 'Assigned',
  stateAssignedTo: 'Assigned to {name}',
  stateClosed: 'Closed',
  stateNew: 'New',
  unread: '{n} unread',
  waiting: 'waiting {time}',
  justNow: 'just now',
  noMessages: 'No messages yet.',
  loadEarlier: 'Load earlier messages',
  loading: 'Loading…',
  back: 'Back to the list',
  closeConversation: 'Close conversation',
  confirmClose: 'Confirm close',
  cancel: 'Cancel',
  closed: 'This conversation is closed.',
  notYours: 'Waiting to be assigned: you can read it, and reply once it is yours.',
  reply: 'Reply',
  replyPlaceholder: 'Write a reply — Enter sends, Shift+Enter for a new line',
  send: 'Send',
  sending: 'sending…',
  failed: 'not sent: {msg}',
  retry: 'Retry',
  seen: 'Seen',
  typing: '{name} is typing…',
  customer: 'Customer',
  agent: 'Agent',
  bot: 'Bot',
  system: 'System',
  you: 'You',
  messages: 'Messages',
  team: 'Team',
  newAssignment: 'New conversation assigned',
  newAssignmentBody: '{who}: {text}',
  errorGeneric: 'Something went wrong: {msg}',
  shortcuts: 'Shortcuts: j/k next/previous, / reply or search, Esc back',
};

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  appName: 'kefu 客服',
  workspace: '客服工作台',
  signInTitle: '登录',
  signInLead: '请使用管理员提供的邮箱和密码登录。',
  email: '邮箱',
  password: '密码',
  signIn: '登录',
  signingIn: '正在登录…',
  wrongLogin: '邮箱或密码错误。',
  loginFailed: '登录失败：{msg}',
  sessionExpired: '登录已过期，请重新登录。',
  signOut: '退出登录',
  language: '语言',
  online: '在线',
  connecting: '正在连接…',
  offline: '离线',
  offlineBanner: '网络已断开，正在重新连接…',
  load: '{n}/{max} 个会话',
  enableNotifications: '开启通知',
  viewQueued: '排队中',
  viewMine: '我的',
  viewAll: '全部进行中',
  views: '会话视图',
  search: '搜索会话',
  searchPlaceholder: '搜索…（/）',
  emptyQueued: '当前没有排队的客户。',
  emptyMine: '暂无分配给您的会话。',
  emptyAll: '暂无进行中的会话。',
  noSelection: '请选择一个会话（j/k 切换，/ 搜索）。',
  visitor: '访客 {id}',
  stateBot: '机器人接待中',
  stateQueued: '排队中',
  stateAssigned: '已分配',
  stateAssignedTo: '已分配给 {name}',
  stateClosed: '已关闭',
  stateNew: '新会话',
  unread: '{n} 条未读',
  waiting: '已等待 {time}',
  justNow: '刚刚',
  noMessages: '还没有消息。',
  loadEarlier: '加载更早的消息',
  loading: '加载中…',
  back: '返回列表',
  closeConversation: '结束会话',
  confirmClose: '确认结束',
  cancel: '取消',
  closed: '该会话已结束。',
  notYours: '等待分配：您可以查看，分配给您后即可回复。',
  reply: '回复',
  replyPlaceholder: '输入回复，Enter 发送，Shift+Enter 换行',
  send: '发送',
  sending: '发送中…',
  failed: '发送失败：{msg}',
  retry: '重试',
  seen: '已读',
  typing: '{name}正在输入…',
  customer: '客户',
  agent: '客服',
  bot: '机器人',
  system: '系统',
  you: '我',
  messages: '消息',
  team: '团队',
  newAssignment: '有新的会话分配给您',
  newAssignmentBody: '{who}：{text}',
  errorGeneric: '出错了：{msg}',
  shortcuts: '快捷键：j/k 上下切换，/ 回复或搜索，Esc 返回',
};

export type Lang = 'en' | 'zh';
const DICTIONARIES: Record<Lang, Record<Key, string>> = { en, zh };
const STORAGE_KEY = 'kefu.lang';

export let lang: Lang = initialLang();

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // storage forbidden: fall through
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered, still switched
  }
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(vars[name] ?? ''),
  );
}

/** `12:04`, or a date when not today. */
export function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  const today = new Date().toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    ...(today ? {} : { month: 'short', day: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** `3 min`, `2 h`: how long ago. */
export function formatAge(epochMs: number, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - epochMs) / 60_000));
  const rtf = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    style: 'unit',
    unitDisplay: 'narrow',
    unit: minutes < 60 ? 'minute' : minutes < 60 * 48 ? 'hour' : 'day',
  });
  if (minutes < 60) return rtf.format(minutes);
  if (minutes < 60 * 48) return rtf.format(Math.round(minutes / 60));
  return rtf.format(Math.round(minutes / 1440));
}
