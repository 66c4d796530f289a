/** A step as parseLab makes it, from a markdown body, for tests of what reads steps. */
import type { Step } from '../../src/core/lab.js';
import { parseMarkdown } from '../../src/core/markdown.js';

export function stepFrom(id: string, body = ''): Step {
  const { tokens, commands } = parseMarkdown(body);
  return {
    id,
    title: id,
    file: `/${id}.md`,
    body,
    bodyLine: 1,
    tokens,
    commands,
    checks: [],
    questions: [],
    hints: [],
  };
}
