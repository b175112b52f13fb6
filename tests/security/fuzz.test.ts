/** The fuzz test on SQLite (see fuzz.cases.ts; MariaDB: fuzz-mysql.test.ts). */
import { fuzzSuite } from './fuzz.cases.ts';

fuzzSuite('sqlite');
