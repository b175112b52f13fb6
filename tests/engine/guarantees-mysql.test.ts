import { guaranteesSuite } from './guarantees.cases.ts';

guaranteesSuite('mysql');
