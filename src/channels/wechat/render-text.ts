/**
 * One-line text renderings of WeChat messages for the engine, whose pipeline and intent
 * model work on text: `[image] https://…`, `[location] Label (23.1,113.3)`.
 */
import type { WechatMessage } from './message.ts';

/**
 * Renders a message as the text the engine stores and classifies. Text stays as written;
 * everything else gets a bracketed tag so it never reads as something the customer typed.
 * @example toText(imageMessage) // '[image] http://mmbiz.qpic.cn/…'
 */
export function toText(message: WechatMessage): string {
  switch (message.type) {
    case 'text':
      return message.content;
    case 'image':
      return `[image] ${message.picUrl}`;
    case 'voice':
      return message.recognition ? `[voice] ${message.recognition}` : '[voice]';
    case 'video':
    case 'shortvideo':
      return `[${message.type}]`;
    case 'location': {
      const label = message.label ? `${message.label} ` : '';
      return `[location] ${label}(${message.latitude},${message.longitude})`;
    }
    case 'link':
      return `[link] ${message.title} ${message.url}`;
    case 'event':
      return eventText(message);
    case 'unsupported':
      return `[unsupported ${message.event ? `event ${message.event}` : message.msgType}]`;
  }
}

function eventText(event: Extract<WechatMessage, { type: 'event' }>): string {
  switch (event.event) {
    case 'subscribe':
      return event.sceneKey ? `[subscribe] scene ${event.sceneKey}` : '[subscribe]';
    case 'unsubscribe':
      return '[unsubscribe]';
    case 'SCAN':
      return `[scan] scene ${event.sceneKey}`;
    case 'LOCATION':
      return `[location report] (${event.latitude},${event.longitude})`;
    case 'CLICK':
      return `[menu click] ${event.eventKey}`;
    case 'VIEW':
      return `[menu view] ${event.eventKey}`;
  }
}
