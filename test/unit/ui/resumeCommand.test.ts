import { describe, expect, it } from 'vitest';
import { resumeCommand } from '../../../src/ui/resumeCommand.js';

describe('the resume hint', () => {
  const defaults = { namespace: 'demos' };
  it('repeats the context and the variables that differ from their defaults', () => {
    expect(resumeCommand('clusterip', undefined, { namespace: 'demos' }, defaults)).toBe('k8s-labs start clusterip');
    expect(resumeCommand('clusterip', 'kind-ci', { namespace: 'team a' }, defaults)).toBe(
      "k8s-labs start clusterip --context kind-ci --var 'namespace=team a'",
    );
  });
  it('gives a workshop attendee their --kubeconfig, not the context and variables the workshop fixes', () => {
    expect(resumeCommand('clusterip', 'kcd-alice', { namespace: 'kcd-alice' }, defaults, 'alice.kubeconfig')).toBe(
      'k8s-labs start clusterip --kubeconfig alice.kubeconfig',
    );
  });
});
