/**
 * Comparing a learner's answer with the value a question checker read from the cluster. Answers
 * are data: they are normalised and compared here, never passed to a shell.
 */
import type { AnswerKind } from './schema.js';

export type ExpectedAnswer = string | number | string[];

/** Case-folded text with runs of whitespace collapsed and surrounding quotes removed. */
export function normalizeText(value: string): string {
  const trimmed = value.trim().replace(/\s+/g, ' ');
  const unquoted = /^(["'`]).*\1$/.test(trimmed) && trimmed.length >= 2 ? trimmed.slice(1, -1).trim() : trimmed;
  return unquoted.toLowerCase();
}

/** A number written as the learner might: "3", " 3.0 ", "1,000", "1_000". */
export function parseNumber(value: string): number | undefined {
  const cleaned = value.trim().replace(/[,_](?=\d{3}\b)/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return undefined;
  const parsed = Number(cleaned);
  return Number.isFinite(parsed) ? parsed : undefined;
}

interface Port {
  /** The number, or the lower-cased name of a named port such as "http". */
  port: string;
  protocol: string | undefined;
}

/** "6443", "6443/TCP", "tcp/6443", "port 6443", "http" (a named port). */
export function parsePort(value: string): Port | undefined {
  const text = normalizeText(value).replace(/^port\s+/, '');
  const match = /^(?:(tcp|udp|sctp)\s*\/\s*)?([a-z0-9][a-z0-9-]*)(?:\s*\/\s*(tcp|udp|sctp))?$/.exec(text);
  if (!match) return undefined;
  const [, before, port, after] = match;
  if (before && after) return undefined;
  const number = /^\d+$/.test(port!) ? String(Number(port)) : port!;
  return { port: number, protocol: before ?? after };
}

/** Items of a list answer: split on commas, semicolons, newlines or spaces; brackets and quotes dropped. */
export function parseList(value: string | readonly string[]): string[] {
  const items =
    typeof value === 'string'
      ? value
          .trim()
          .replace(/^\[(.*)\]$/s, '$1')
          .split(/[,;\s]+/)
      : [...value];
  return items
    .map((item) => normalizeText(item))
    .filter((item) => item !== '')
    .sort();
}

/**
 * True when `given` means the same as `expected` for this kind of answer: text ignores case,
 * surrounding quotes and extra spaces; number compares numerically; port accepts "6443/TCP" for
 * 6443 (a protocol given on both sides must agree); list ignores order.
 */
export function answersMatch(kind: AnswerKind, given: string, expected: ExpectedAnswer): boolean {
  switch (kind) {
    case 'number': {
      const left = parseNumber(given);
      const right = typeof expected === 'number' ? expected : parseNumber(String(expected));
      return left !== undefined && right !== undefined && left === right;
    }
    case 'port': {
      const left = parsePort(given);
      const right = parsePort(String(expected));
      if (!left || !right) return false;
      const protocolsAgree = !left.protocol || !right.protocol || left.protocol === right.protocol;
      return left.port === right.port && protocolsAgree;
    }
    case 'list': {
      const left = parseList(given);
      const right = parseList(typeof expected === 'number' ? String(expected) : expected);
      return left.length === right.length && left.every((item, index) => item === right[index]);
    }
    case 'text':
      return normalizeText(given) === normalizeText(Array.isArray(expected) ? expected.join(', ') : String(expected));
  }
}
