import { wechatSuite } from './wechat.cases.ts';

wechatSuite('mysql');
