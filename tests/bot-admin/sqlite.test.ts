import { botApiSuite } from './bot-api.cases.ts';

botApiSuite('sqlite');
