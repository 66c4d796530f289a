import { describe, expect, it } from 'vitest';
import { paramSpecsProblem, resolveParams } from '../../../src/core/grading/checkParams.js';
import type { ParamSpecs } from '../../../src/sdk/index.js';

const specs: ParamSpecs = {
  service: { type: 'string' },
  port: { type: 'port' },
  replicas: { type: 'number', default: 2 },
  strict: { type: 'boolean', default: false },
};
const vars = { namespace: 'demos', nodePort: '30480' };

describe('resolveParams', () => {
  it('renders variables, converts to the declared type and fills in defaults', () => {
    expect(resolveParams(specs, { service: 'web-{{namespace}}', port: '{{nodePort}}' }, vars)).toEqual({
      values: { service: 'web-demos', port: 30480, replicas: 2, strict: false },
      problems: [],
    });
    expect(resolveParams(specs, { service: 'web', port: 8080, replicas: '3', strict: 'true' }, vars).values).toEqual({
      service: 'web',
      port: 8080,
      replicas: 3,
      strict: true,
    });
  });

  it('names missing, unknown and ill-typed arguments', () => {
    const { problems } = resolveParams(specs, { servce: 'web', port: 70000, replicas: 'two' }, vars);
    expect(problems).toEqual([
      {
        arg: 'servce',
        message: 'the check has no param "servce"',
        fix: 'did you mean "service"? its params: service, port, replicas, strict',
      },
      { arg: 'port', message: 'param "port" must be a port, not 70000', fix: 'give a port number from 1 to 65535' },
      { arg: 'replicas', message: 'param "replicas" must be a number, not "two"', fix: 'give a number' },
      { message: 'param "service" is missing', fix: 'add it under with: (a string)' },
    ]);
  });

  it('rejects any argument to a check that declares no params', () => {
    expect(resolveParams(undefined, { service: 'web' }, vars).problems[0]?.message).toBe(
      'the check has no param "service"',
    );
    expect(resolveParams(undefined, {}, vars)).toEqual({ values: {}, problems: [] });
  });
});

describe('paramSpecsProblem', () => {
  it('accepts a valid declaration and names what is wrong with others', () => {
    expect(paramSpecsProblem(specs)).toBeUndefined();
    expect(paramSpecsProblem(undefined)).toBeUndefined();
    expect(paramSpecsProblem(['service'])).toMatch(/^params must be an object/);
    expect(paramSpecsProblem({ service: { type: 'text' } })).toBe(
      `param "service" has no valid type (use 'string', 'number', 'port' or 'boolean')`,
    );
    expect(paramSpecsProblem({ port: { type: 'port', default: 0 } })).toBe(
      'param "port" has a default that is not a port',
    );
  });
});
