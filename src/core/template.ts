/** `{{name}}` variables in lab text, solutions and fixtures. */

const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

export interface VariableUse {
  name: string;
  /** 1-based line within the text. */
  line: number;
}

export function findVariables(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const match of lineText.matchAll(VARIABLE)) uses.push({ name: match[1]!, line: index + 1 });
  });
  return uses;
}

/** Replaces every `{{name}}`; unknown names are left as they are so validation can point at them. */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(VARIABLE, (whole, name: string) => values[name] ?? whole);
}
