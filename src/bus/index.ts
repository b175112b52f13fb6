/** Delivery between nodes (the bus) and what nodes agree on (the cluster). */
export * from './bus.ts';
export * from './cluster.ts';
export * from './redis-cluster.ts';
