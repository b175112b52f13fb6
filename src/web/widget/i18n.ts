/** The widget's words, in English and Chinese; `data-lang` or the browser's language picks. */

const en = {
  open: 'Chat with us',
  close: 'Close chat',
  title: 'Customer service',
  statusNew: 'Ask us anything — we usually answer within minutes.',
  statusBot: 'Our assistant is answering.',
  statusQueued: 'Waiting for the next available agent…',
  statusAssigned: 'You are chatting with our team.',
  statusClosed: 'This conversation has ended. Write to start a new one.',
  offline: 'Offline — reconnecting…',
  placeholder: 'Write a message…',
  inputLabel: 'Your message',
  send: 'Send',
  sending: 'sending…',
  sent: 'sent',
  seen: 'seen',
  failed: 'not sent',
  retry: 'Retry',
  bot: 'Assistant',
  agent: 'Agent',
  you: 'You',
  typing: 'typing…',
  unread: 'unread messages',
  messages: 'Messages',
};

const zh: typeof en = {
  open: '在线客服',
  close: '关闭对话窗口',
  title: '在线客服',
  statusNew: '有问题随时问我们，通常几分钟内回复。',
  statusBot: '智能助手正在为您解答。',
  statusQueued: '正在为您转接客服，请稍候…',
  statusAssigned: '客服已接入。',
  statusClosed: '本次对话已结束，发送消息即可开始新的对话。',
  offline: '网络已断开，正在重新连接…',
  placeholder: '输入消息…',
  inputLabel: '您的消息',
  send: '发送',
  sending: '发送中…',
  sent: '已发送',
  seen: '已读',
  failed: '未发送',
  retry: '重试',
  bot: '智能助手',
  agent: '客服',
  you: '我',
  typing: '正在输入…',
  unread: '条未读消息',
  messages: '消息',
};

export type Words = typeof en;

export function wordsFor(lang: string | undefined): Words {
  return (lang ?? '').toLowerCase().startsWith('zh') ? zh : en;
}
