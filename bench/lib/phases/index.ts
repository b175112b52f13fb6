/**
 * Measurement phases shared by the suites: ramp up connections, open-loop load at a fixed
 * offered rate, closed-loop load to find the maximum. Each returns metrics under a prefix,
 * charts (throughput and resources over time) and the merged latency histogram.
 */
export { connectPhase } from './connect.ts';
export { closedLoopPhase, openLoopPhase } from './load.ts';
export { combine, type PhaseOutput } from './output.ts';
export { primePhase } from './prime.ts';
