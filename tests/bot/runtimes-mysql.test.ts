import { runtimesSuite } from './runtimes.cases.ts';

runtimesSuite('mysql');
