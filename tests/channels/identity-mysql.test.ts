import { identitySuite } from './identity.cases.ts';

identitySuite('mysql');
