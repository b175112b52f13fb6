import { storeSuite } from './cases.ts';

storeSuite('sqlite');
