import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseFixture } from '../../../src/core/labTest/parseFixture.js';
import { resolveVariables } from '../../../src/core/labVariables.js';
import { renderYamlText, variableValueProblem } from '../../../src/core/yamlTemplate.js';
import { isUserError } from '../../../src/errors.js';
import { fakeLab } from '../labTest/fakeLab.js';

const vars = { namespace: 'demos', nodePort: '30080', code: '123', greeting: 'hello: "you"' };
const types = { nodePort: 'port', code: 'string' } as const;
const render = (text: string): unknown => yaml.load(renderYamlText(text, vars, types));

describe('variables rendered into YAML before it is parsed', () => {
  it('gives an unquoted whole value the type of its variable', () => {
    expect(render('nodePort: {{nodePort}}')).toEqual({ nodePort: 30080 });
    expect(render('ports: [{ port: 80, nodePort: {{nodePort}} }]')).toEqual({ ports: [{ port: 80, nodePort: 30080 }] });
    expect(render('- {{nodePort}} # the port')).toEqual([30080]);
  });

  it('keeps a string variable a string, whatever its value looks like', () => {
    expect(render('name: {{code}}')).toEqual({ name: '123' });
    expect(render('message: {{greeting}}')).toEqual({ message: 'hello: "you"' });
    expect(render('args: [{{code}}, {{namespace}}]')).toEqual({ args: ['123', 'demos'] });
  });

  it('renders inside quotes and longer values as text, escaped in double quotes', () => {
    expect(render('namespace: "{{namespace}}"')).toEqual({ namespace: 'demos' });
    expect(render('port: "{{nodePort}}"')).toEqual({ port: '30080' });
    expect(render('name: {{namespace}}-web')).toEqual({ name: 'demos-web' });
    expect(render('say: "{{greeting}}!"')).toEqual({ say: 'hello: "you"!' });
    expect(render("url: 'http://x:{{nodePort}}/'")).toEqual({ url: 'http://x:30080/' });
  });

  it('leaves unknown variables for validation to point at', () => {
    expect(renderYamlText('a: {{nope}}', vars)).toBe('a: {{nope}}');
  });

  it('parses a fixture with an unquoted typed variable into the typed object', () => {
    const text = [
      'description: wrong node port',
      'step: one',
      'rejects: [svc]',
      'apply:',
      '  - apiVersion: v1',
      '    kind: Service',
      '    metadata: { name: web, namespace: "{{namespace}}" }',
      '    spec: { type: NodePort, ports: [{ port: 80, nodePort: {{nodePort}} }] }',
    ].join('\n');
    const { fixture } = parseFixture(text, 'f.yaml', 'svc/f', (t) => renderYamlText(t, vars, types));
    expect(fixture.apply[0]).toMatchObject({ spec: { ports: [{ port: 80, nodePort: 30080 }] } });
  });

  it('checks values against their type', () => {
    expect(variableValueProblem('port', '30080')).toBeUndefined();
    expect(variableValueProblem('port', '70000')).toBe('"70000" is not a port (1-65535)');
    expect(variableValueProblem('number', '2.5')).toBeUndefined();
    expect(variableValueProblem('number', 'two')).toBe('"two" is not a number');
    expect(variableValueProblem('string', 'anything')).toBeUndefined();
  });

  it('refuses a --var of the wrong type with what to give instead', () => {
    const lab = fakeLab('typed', [{ id: 'one' }]);
    lab.manifest.variables['nodePort'] = { default: 30080, type: 'port' };
    expect(resolveVariables(lab, ['nodePort=30081'], {})['nodePort']).toBe('30081');
    expect(resolveVariables(lab, [], {})['nodePort']).toBe('30080');
    try {
      resolveVariables(lab, ['nodePort=http'], {});
      expect.unreachable();
    } catch (error) {
      expect(isUserError(error)).toBe(true);
      expect((error as Error).message).toBe('variable "nodePort": "http" is not a port (1-65535)');
    }
  });
});
