// `labs check --watch` through the built bin against a fake API server with watch streams.
import { describe, expect, it } from 'vitest';
import { lab, service, SERVICES, useFakeCluster } from '../fixtures/grading-api/e2eHarness.js';

const h = useFakeCluster();

describe('labs check --watch', () => {
  const startWatch = () => h.start(['check', lab, '--step', 'expose', '--watch']);
  /** Resolves once the CLI has opened a watch whose URL starts with `prefix`. */
  const watchRequested = (prefix: string): Promise<void> =>
    new Promise((resolve) => {
      const poll = (): void =>
        h.api.requests.some((r) => r.startsWith(`GET ${prefix}`)) ? resolve() : void setTimeout(poll, 10);
      poll();
    });

  it('turns green on the API change that fixes the step, prints only what changed, and exits 0', async () => {
    await h.labs(['answer', lab, 'web-port', '80']);
    h.api.remove(SERVICES, 'web', 'demos');
    const watch = startWatch();
    await watch.seen('Ctrl-C stops.');
    await watchRequested('/api/v1/namespaces/demos/services?watch=true');
    // Past the one re-grading that follows a new subscription, so only the watch event can turn it green.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fixedAt = Date.now();
    h.api.put(SERVICES, service);
    const greenAt = await watch.seen('Passed');
    expect(await watch.exited).toBe(0);
    expect(greenAt - fixedAt).toBeLessThan(500);
    const after = watch.stdout().split('Ctrl-C stops.\n')[1]!.split('\n');
    expect(after.map((line) => line.replace(/^\d\d:\d\d:\d\d /, ''))).toEqual([
      'PASS  web is a ClusterIP Service: found in demos',
      'PASS  its targetPort is the port the pods listen on: targetPort 8080',
      // The question's expected value could not be read without the Service: it was an error.
      'PASS  Which port does the web Service in demos listen on? [web-port]: "80" is right',
      expect.stringMatching(/^Passed: all 4 checks/),
      '',
    ]);
    expect(watch.stdout()).toContain(
      'ERROR Which port does the web Service in demos listen on? [web-port]: the checker failed: the web Service has no port',
    );
  });

  it('re-grades when an answer is recorded in another terminal', async () => {
    const watch = startWatch();
    await watch.seen('Ctrl-C stops.');
    await h.labs(['answer', lab, 'web-port', '80']);
    await watch.seen('Passed');
    expect(await watch.exited).toBe(0);
  });

  it('stops on Ctrl-C with exit 1 and a summary', async () => {
    h.api.remove(SERVICES, 'web', 'demos');
    const watch = startWatch();
    await watch.seen('Ctrl-C stops.');
    watch.child.kill('SIGINT');
    expect(await watch.exited).toBe(1);
    expect(watch.stdout()).toMatch(
      /Not passed yet: 4 checks, 1 passed, 3 not yet .*\nStopped\. Run `labs check .* --watch` to continue\.\n$/,
    );
  });
});
