import { ticketsSuite } from './tickets.cases.ts';

ticketsSuite('sqlite');
