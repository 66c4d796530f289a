// `labs answer` and `labs hint` through the built bin against a fake API server.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lab, SERVICES, useFakeCluster } from '../fixtures/grading-api/e2eHarness.js';

const h = useFakeCluster();

describe('labs answer and labs hint', () => {
  it('records a wrong answer as not right (exit 1) without revealing the expected value', async () => {
    const run = await h.labs(['answer', lab, 'web-port', '8080']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL  "8080" is not right');
    expect(run.stdout).not.toMatch(/\b80\b(?!80)/);
    const progress = JSON.parse(readFileSync(path.join(h.state, 'progress', 'basic.json'), 'utf8')) as {
      steps: Record<string, { answers: Record<string, { value: string; correct: boolean }> }>;
    };
    expect(progress.steps['expose']!.answers['web-port']).toMatchObject({ value: '8080', correct: false });
  });

  it('says the value is missing when given a lab and a question only', async () => {
    const run = await h.labs(['answer', lab, 'web-port']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: missing the answer to question "web-port"');
    expect(run.stderr).toContain(`labs answer ${lab} web-port <value>`);
    expect(run.stderr).not.toContain('has no question');
  });

  it('records the answer and exits 3 when the cluster is unreachable', async () => {
    const closed = path.join(h.state, 'closed-kubeconfig');
    writeFileSync(closed, readFileSync(h.kubeconfig, 'utf8').replace(h.api.url, 'https://127.0.0.1:1'));
    const run = await h.labs(['answer', lab, 'web-port', '$(reboot)'], { KUBECONFIG: closed });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('your answer was recorded, but it could not be graded now');
    const progress = JSON.parse(readFileSync(path.join(h.state, 'progress', 'basic.json'), 'utf8')) as {
      steps: Record<string, { answers: Record<string, { value: string }> }>;
    };
    expect(progress.steps['expose']!.answers['web-port']!.value).toBe('$(reboot)');
  });

  it('shows the next hint tier each time, records it, and repeats the last', async () => {
    const first = await h.labs(['hint', lab, '--step', 'expose']);
    expect(first.stdout).toBe(
      'Hint 1 of 2 for "Expose web":\nMake a Service named web in demos.\nRun `labs hint` again for a more specific one.\n',
    );
    const second = await h.labs(['hint', lab, '--step', 'expose']);
    expect(second.stdout.split('\n').slice(0, 2)).toEqual([
      'Hint 2 of 2 for "Expose web":',
      '`kubectl expose deployment web --port 80 --target-port 8080 -n demos`',
    ]);
    const third = await h.labs(['hint', lab, '--step', 'expose']);
    expect(third.stdout).toContain('Hint 2 of 2');
    expect(third.stdout).toContain(
      `That was the last hint. To see the solution without changing the cluster: \`k8s-labs start ${lab}\`, then s at this step.`,
    );
    expect(third.stdout).not.toContain('labs solve');
    // A failing check now offers the last tier the learner has not seen: none left, so the last one.
    h.api.remove(SERVICES, 'web', 'demos');
    expect((await h.labs(['check', lab, '--step', 'expose'])).stdout).toContain('hint: `kubectl expose deployment web');
  });
});
