/**
 * Validation on save: the schema (unknown fields refused), then what a schema cannot say:
 * regexes that compile and cannot freeze the server, unique ids, one terminal action per
 * rule. A group that does not exist (yet) is a warning, not an error: at run time such a
 * route goes to any available agent, and the default rules name groups a tenant may not
 * have created.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { KefuError } from '../../errors.ts';
import { regexProblem } from './safe-regex.ts';
import { type Rule, RuleSet, TERMINAL } from './schema.ts';

const check = TypeCompiler.Compile(RuleSet);

/** The rule set, typed, with warnings; or a `validation_failed` error naming the first problem. */
export function validateRules(
  input: unknown,
  groupKeys: ReadonlySet<string>,
): { rules: Rule[]; warnings: string[] } {
  const warnings: string[] = [];
  if (!check.Check(input)) {
    const first = check.Errors(input).First();
    throw invalid(first ? `${first.path || '/'}: ${first.message}` : 'not a rule set');
  }
  const ids = new Set<string>();
  input.forEach((rule, i) => {
    const at = `/${i} (${rule.id})`;
    if (ids.has(rule.id)) throw invalid(`${at}: duplicate rule id`);
    ids.add(rule.id);
    if (rule.actions.filter((a) => TERMINAL.has(a.type)).length > 1) {
      throw invalid(`${at}: at most one of bot_answer / route per rule`);
    }
    for (const condition of rule.conditions) {
      if (condition.field === 'text' && condition.op === 'matches') {
        const problem = regexProblem(condition.value);
        if (problem) throw invalid(`${at}: regex ${JSON.stringify(condition.value)} ${problem}`);
      }
      if (
        condition.field === 'business_hours' &&
        condition.group &&
        !groupKeys.has(condition.group)
      ) {
        warnings.push(
          `${at}: no group "${condition.group}" yet: its business hours count as always open`,
        );
      }
    }
    for (const action of rule.actions) {
      if (action.type === 'route' && action.group && !groupKeys.has(action.group)) {
        warnings.push(
          `${at}: no group "${action.group}" yet: these conversations go to any available agent`,
        );
      }
    }
  });
  return { rules: input, warnings };
}

const invalid = (message: string) =>
  new KefuError('validation_failed', `rules${message.startsWith('/') ? '' : ': '}${message}`);
