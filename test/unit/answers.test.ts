import { describe, expect, it } from 'vitest';
import { answersMatch, normalizeText, parseList, parsePort } from '../../src/core/answers.js';

describe('answersMatch', () => {
  it.each([
    ['text', '  Hello   World ', 'hello world', true],
    ['text', '"ClusterIP"', 'ClusterIP', true],
    ['text', 'NodePort', 'ClusterIP', false],
    ['number', ' 3 ', 3, true],
    ['number', '3.0', '3', true],
    ['number', '1,000', 1000, true],
    ['number', 'three', 3, false],
    ['number', '', 0, false],
    ['number', '4', 3, false],
    ['port', '6443/TCP', '6443', true],
    ['port', '6443', 6443 as unknown as string, true],
    ['port', 'tcp/6443', '6443/TCP', true],
    ['port', '6443/UDP', '6443/TCP', false],
    ['port', 'port 8080', '8080', true],
    ['port', '443', '6443', false],
    ['port', 'HTTP', 'http', true],
    ['port', '06443', '6443', true],
    ['list', 'b, a', ['a', 'b'], true],
    ['list', '[a b]', 'b,a', true],
    ['list', 'a', ['a', 'b'], false],
    ['list', 'app=web,tier=front', ['tier=front', 'app=web'], true],
  ] as const)('%s: %j vs %j -> %s', (kind, given, expected, result) => {
    expect(answersMatch(kind, given, expected as string | number | string[])).toBe(result);
  });

  it('normalises the pieces it compares', () => {
    expect(normalizeText(" 'Spaced  Out' ")).toBe('spaced out');
    expect(parsePort('6443/TCP')).toEqual({ port: '6443', protocol: 'tcp' });
    expect(parsePort('6443/TCP/UDP')).toBeUndefined();
    expect(parseList('c; b\na')).toEqual(['a', 'b', 'c']);
  });
});
