/** The isolation matrix on SQLite (see isolation.cases.ts; MariaDB: isolation-mysql.test.ts). */
import { isolationSuite } from './isolation.cases.ts';

isolationSuite('sqlite');
