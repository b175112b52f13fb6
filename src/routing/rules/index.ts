/** The rules engine: schema, validation on save, pure evaluation, the default rule set. */
export { DEFAULT_RULES } from './defaults.ts';
export { evaluateRules, type Facts, type Outcome } from './evaluate.ts';
export { regexProblem } from './safe-regex.ts';
export { Action, Condition, Rule, RuleSet } from './schema.ts';
export { validateRules } from './validate.ts';
