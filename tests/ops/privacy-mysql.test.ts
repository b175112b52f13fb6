import { privacySuite } from './privacy.cases.ts';

privacySuite('mysql');
