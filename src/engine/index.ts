/** The engine: session table, group commit, the message pipeline and conversation lifecycle. */

export type { Bot, BotDecision, BotInput, Classifier, Prediction } from './brain.ts';
export { toMsgFrame } from './deliver.ts';
export * from './engine.ts';
export type { EngineEvents } from './events.ts';
export { noteView } from './notes.ts';
export type { Ingested, Origin } from './pipeline.ts';
export { replyChannel, type Session, viewOf } from './sessions.ts';
