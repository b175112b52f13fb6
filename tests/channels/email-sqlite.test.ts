import { emailSuite } from './email.cases.ts';

emailSuite('sqlite');
