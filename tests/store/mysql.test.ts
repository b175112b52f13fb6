import { storeSuite } from './cases.ts';

storeSuite('mysql');
