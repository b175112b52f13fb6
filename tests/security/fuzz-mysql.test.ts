/** The fuzz test on MariaDB (see fuzz.cases.ts): column limits and strict mode differ. */
import { fuzzSuite } from './fuzz.cases.ts';

fuzzSuite('mysql');
