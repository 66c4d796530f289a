import { describe, expect, it } from 'vitest';
import { createLedgerMirror } from '../../../src/app/workshop/ledgerMirror.js';
import type { AttendeeAccess } from '../../../src/app/workshop/attendeeAccess.js';
import { emptyProgress } from '../../../src/core/progress.js';
import type { KubeTransport } from '../../../src/adapters/kube/transport.js';

const access: AttendeeAccess = {
  file: '/nowhere/a.kubeconfig',
  contextName: 'w-a',
  env: { KUBECONFIG: '/nowhere/a.kubeconfig', K8S_LABS_STATE_DIR: '/tmp/k8s-labs-mirror-test' },
  config: {
    workshop: 'w',
    lab: 'clusterip',
    attendee: 'a',
    vars: { namespace: 'w-a' },
    namespaces: ['w-a'],
    home: 'w-a-home',
    expiresAt: '2099-01-01T00:00:00Z',
    dataPlane: false,
  },
};

describe('ledger mirror', () => {
  it('never blocks or throws when the cluster cannot be reached; warns once', async () => {
    const warnings: string[] = [];
    const mirror = createLedgerMirror(access, (message) => warnings.push(message));
    const started = performance.now();
    mirror.push(emptyProgress('clusterip'));
    mirror.push(emptyProgress('clusterip'));
    expect(performance.now() - started).toBeLessThan(20);
    await mirror.settled();
    mirror.push(emptyProgress('clusterip'));
    await mirror.settled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('your progress could not be sent to the instructor (kept on this machine)');
  });

  it('writes the newest state only, one write at a time, and closes its connection', async () => {
    const written: (string | undefined)[] = [];
    let inFlight = 0;
    let closed = 0;
    const transport = { close: () => void (closed += 1) } as unknown as KubeTransport;
    const mirror = createLedgerMirror(access, () => undefined, {
      connect: () => Promise.resolve(transport),
      async write(_transport, progress) {
        inFlight += 1;
        expect(inFlight).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 5));
        written.push(progress.currentStep);
        inFlight -= 1;
      },
    });
    for (const step of ['one', 'two', 'three']) mirror.push({ ...emptyProgress('clusterip'), currentStep: step });
    await mirror.settled();
    expect(written).toEqual(['three']);
    expect(closed).toBe(1);
  });
});
