/** The isolation matrix on MariaDB (see isolation.cases.ts). */
import { isolationSuite } from './isolation.cases.ts';

isolationSuite('mysql');
