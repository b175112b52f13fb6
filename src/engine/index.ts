/** The engine: session table, group commit, the message pipeline and conversation lifecycle. */

export { toMsgFrame } from './deliver.ts';
export * from './engine.ts';
export type { EngineEvents } from './events.ts';
export type { Ingested, Origin } from './pipeline.ts';
export { type Session, viewOf } from './sessions.ts';
