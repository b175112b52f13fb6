import { crashSuite } from './crash.cases.ts';

crashSuite('mysql');
