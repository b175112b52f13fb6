import { securitySuite } from './security.cases.ts';

securitySuite('sqlite');
