import { botApiSuite } from './bot-api.cases.ts';

botApiSuite('mysql');
