import { describe, expect, it } from 'vitest';
import { describeOwned, ownedTargets } from '../../../src/core/labNamespaces.js';
import { renderDeep, renderForShell, variablesEnv } from '../../../src/core/labVariables.js';
import { isUserError } from '../../../src/errors.js';
import { fakeLab } from '../labTest/fakeLab.js';

describe('lab variables in solutions and resets', () => {
  it('renders variables in every string of a parsed manifest, keys included', () => {
    const object = {
      metadata: { name: 'web', namespace: '{{namespace}}', labels: { '{{key}}': 'x' } },
      spec: { ports: [{ port: 80 }], list: ['{{namespace}}-a'] },
    };
    expect(renderDeep(object, { namespace: 'alice', key: 'team' })).toEqual({
      metadata: { name: 'web', namespace: 'alice', labels: { team: 'x' } },
      spec: { ports: [{ port: 80 }], list: ['alice-a'] },
    });
  });

  it('exports variables in upper case, camelCase names also with underscores', () => {
    expect(variablesEnv({ namespace: 'a', jumpboxName: 'j' })).toEqual({
      NAMESPACE: 'a',
      JUMPBOXNAME: 'j',
      JUMPBOX_NAME: 'j',
    });
  });

  it('quotes values with shell syntax when rendering a script', () => {
    expect(renderForShell('kubectl get pods -n {{namespace}}', { namespace: 'alice' })).toBe(
      'kubectl get pods -n alice',
    );
    expect(renderForShell('echo {{greeting}}', { greeting: "it's $(rm -rf ~); ok" })).toBe(
      `echo 'it'\\''s $(rm -rf ~); ok'`,
    );
  });

  it('lists the owned namespaces and objects with variables rendered', () => {
    const lab = fakeLab('own', [{ id: 's' }]);
    lab.manifest.owns.objects.push({ kind: 'Pod', name: '{{namespace}}-jumpbox', namespace: 'default' });
    const targets = ownedTargets(lab, { namespace: 'bob' });
    expect(targets).toEqual({
      namespaces: ['bob'],
      objects: [{ kind: 'Pod', name: 'bob-jumpbox', namespace: 'default' }],
    });
    expect(describeOwned(targets)).toBe('namespace bob, Pod bob-jumpbox in default');
    expect(describeOwned({ namespaces: [], objects: [] })).toBe('nothing (the lab owns no namespace or object)');
  });

  it.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kube-anything'])(
    'refuses to own namespace %s',
    (namespace) => {
      const lab = fakeLab('own', [{ id: 's' }]);
      let error: unknown;
      try {
        ownedTargets(lab, { namespace });
      } catch (caught) {
        error = caught;
      }
      expect(isUserError(error) && error.kind).toBe('input');
      expect((error as Error).message).toContain(`"${namespace}", which no lab may delete`);
    },
  );

  it('refuses a name that still holds an undeclared variable', () => {
    const lab = fakeLab('own', [{ id: 's' }]);
    expect(() => ownedTargets(lab, {})).toThrow('uses an undeclared variable');
  });
});
