/** The supervisor dashboard: rolling aggregates of the engine's events, pushed live. */
export { Aggregator, DEFAULT_IDLE_MS, MINUTE_MS, WINDOW_MINUTES } from './aggregator.ts';
export { Dashboard, type DashboardOptions, type DashboardSource } from './dashboard.ts';
export { FRT_EDGES_SEC } from './histogram.ts';
export { liveStats } from './live.ts';
export * from './schema.ts';
