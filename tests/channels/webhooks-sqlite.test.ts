import { webhooksSuite } from './webhooks.cases.ts';

webhooksSuite('sqlite');
