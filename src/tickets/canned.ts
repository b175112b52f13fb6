/**
 * Canned responses: `{{customer.name}}`, `{{agent.name}}`, `{{ticket.number}}`,
 * `{{customer.attributes.orderId}}`… Unknown variables render as empty text; the template
 * is never evaluated as code.
 */

export type TemplateValues = Record<string, unknown>;

export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_, path: string) => {
    let value: unknown = values;
    for (const key of path.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return '';
      value = (value as Record<string, unknown>)[key];
    }
    return value === null || value === undefined || typeof value === 'object' ? '' : String(value);
  });
}
