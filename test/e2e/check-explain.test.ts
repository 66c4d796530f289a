// `labs check --explain` through the built bin against a fake API server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lab, SERVICES, useFakeCluster } from '../fixtures/grading-api/e2eHarness.js';

const h = useFakeCluster();

describe('labs check --explain', () => {
  it("shows the learner's fields beside the solution's, skips server defaults, hides answers, and records it", async () => {
    h.api.put(SERVICES, {
      metadata: { name: 'web', namespace: 'demos', resourceVersion: '9', annotations: { note: 'server-side' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.40',
        sessionAffinity: 'None',
        selector: { app: 'wbe' },
        ports: [{ port: 81, targetPort: 80, protocol: 'TCP' }],
      },
    });
    const run = await h.labs(['check', lab, '--step', 'expose', '--explain']);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    const start = lines.indexOf('Your objects against the reference solution of "Expose web":');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 6)).toEqual([
      '  Service web in demos (solutions/basic/expose/service.yaml)',
      '    spec.selector.app: yours wbe, expected web',
      // 80 is the answer to the step's question: never shown.
      '    spec.ports[0].port: yours 81, expected (hidden: it answers a question of this step)',
      '    spec.ports[0].targetPort: yours 80, expected 8080',
      'Fields the API server fills in are not compared. Recorded in your progress, like a hint.',
    ]);
    expect(run.stdout).not.toMatch(/clusterIP|sessionAffinity|protocol/);
    const progress = JSON.parse(readFileSync(path.join(h.state, 'progress', 'basic.json'), 'utf8')) as {
      steps: Record<string, { explainedAt?: string[] }>;
    };
    expect(progress.steps['expose']!.explainedAt).toHaveLength(1);
  });

  it('says what is missing, and explains nothing when the step passes', async () => {
    h.api.remove(SERVICES, 'web', 'demos');
    const missing = await h.labs(['check', lab, '--step', 'expose', '--explain']);
    expect(missing.stdout).toContain('  Service web in demos: you have none yet (solutions/basic/expose/service.yaml)');
  });

  it('cannot be combined with --json, --all or --watch', async () => {
    const run = await h.labs(['check', lab, '--all', '--explain']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--explain explains one step to a person');
  });
});
