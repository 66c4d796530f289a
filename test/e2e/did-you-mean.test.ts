// A typo'd lab, step, question, variable, command or option gets the closest id (built bin).
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';

describe('did you mean, wherever an id is typed', () => {
  it.each([
    [['check', 'clusterp'], 'error: no lab named "clusterp"', 'next: did you mean "clusterip"?'],
    [['hint', 'clusterip', '--step', 'create-servce'], 'has no step "create-servce"', 'did you mean "create-service"?'],
    [['jump', 'clusterip', 'loopp', '--yes'], 'has no step "loopp"', 'did you mean "loop"?'],
    [
      ['answer', 'clusterip', 'cluster-ip-nw', '1'],
      'has no question "cluster-ip-nw"',
      'did you mean "cluster-ip-now"?',
    ],
    [['hint', 'clusterip', '--var', 'namespce=a'], 'has no variable "namespce"', 'did you mean "namespace"?'],
    [['chek'], 'error: unknown command "chek"', 'did you mean `labs check`?'],
    [['check', '--stpe', 'x'], "Unknown option '--stpe'", 'did you mean --step?'],
  ])('labs %j', async (args, error, next) => {
    const result = await runBin(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(error);
    expect(result.stderr).toContain(next);
  });
});
