import { wechatSuite } from './wechat.cases.ts';

wechatSuite('sqlite');
