import { describe, expect, it } from 'vitest';
import { parseFixture } from '../../../src/core/labTest/parseFixture.js';
import { parseReferenceAnswers } from '../../../src/core/labTest/referenceAnswers.js';

describe('answers.yaml', () => {
  it('reads commands and literal values (numbers become text)', () => {
    const text =
      'cluster-ip:\n  command: kubectl get svc web -o jsonpath={.spec.clusterIP}\nport:\n  value: 8080\nname:\n  value: web\n';
    expect(parseReferenceAnswers(text, 'answers.yaml')).toEqual({
      'cluster-ip': { command: 'kubectl get svc web -o jsonpath={.spec.clusterIP}' },
      port: { value: '8080' },
      name: { value: 'web' },
    });
    expect(parseReferenceAnswers('', 'answers.yaml')).toEqual({});
  });

  it('refuses an entry that is neither a command nor a value', () => {
    expect(() => parseReferenceAnswers('q:\n  cmd: ls\n', 'answers.yaml')).toThrow(
      'answers.yaml: q must be { command: "..." } or { value: "..." }',
    );
    expect(() => parseReferenceAnswers('q: [', 'answers.yaml')).toThrow(/answers.yaml: YAML syntax error/);
  });
});

describe('fixture files', () => {
  it('parses a fixture with defaults', () => {
    const text =
      'description: typo\nstep: create-service\nrejects: [selector]\napply:\n  - { apiVersion: v1, kind: Service, metadata: { name: web } }\n';
    expect(parseFixture(text, '/f/selector/typo.yaml', 'selector/typo')).toEqual({
      name: 'selector/typo',
      file: '/f/selector/typo.yaml',
      fixture: {
        description: 'typo',
        step: 'create-service',
        rejects: ['selector'],
        accepts: [],
        failsWith: {},
        apply: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }],
        applyFiles: [],
        delete: [],
        answers: {},
      },
    });
  });

  it('names file and line of a broken fixture', () => {
    expect(() => parseFixture('description: x\nstep: s\nrejects: [Not_An_Id]\n', '/f/a.yaml', 'a')).toThrow(
      /^\/f\/a.yaml:3: /,
    );
  });
});
