/** The stub kubeconfig lab blocks use without a cluster: real, single-context, pointing nowhere. */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { offlineTarget } from '../../../src/adapters/kube/offlineKubeconfig.js';
import { createShellRunner } from '../../../src/adapters/kube/shell.js';
import { runProcess } from '../../../src/adapters/process/run.js';
import { tempDir } from '../../helpers/bin.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) console.warn('offlineKubeconfig.test.ts: skipping the kubectl test: kubectl is not installed');

describe('offlineTarget', () => {
  test('writes one cluster at https://127.0.0.1:1, one context and one user to the state directory, once', () => {
    const state = tempDir('k8s-labs-offline-');
    const target = offlineTarget({ K8S_LABS_STATE_DIR: state });
    expect(target).toEqual({
      context: 'k8s-labs-offline',
      server: 'https://127.0.0.1:1',
      kubeconfigPath: path.join(state, 'kubeconfig', 'k8s-labs-offline.yaml'),
    });
    const config = yaml.load(readFileSync(target.kubeconfigPath, 'utf8')) as Record<string, unknown>;
    expect(config).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'k8s-labs-offline',
      clusters: [{ name: 'k8s-labs-offline', cluster: { server: 'https://127.0.0.1:1' } }],
      contexts: [{ name: 'k8s-labs-offline', context: { cluster: 'k8s-labs-offline', user: 'k8s-labs-offline' } }],
      users: [{ name: 'k8s-labs-offline', user: { token: 'no-lab-cluster' } }],
    });

    const written = statSync(target.kubeconfigPath).ino;
    offlineTarget({ K8S_LABS_STATE_DIR: state });
    expect(statSync(target.kubeconfigPath).ino).toBe(written);
    // A block may have changed it (kubectl config set-context): it is restored.
    writeFileSync(target.kubeconfigPath, 'clusters: []\n');
    offlineTarget({ K8S_LABS_STATE_DIR: state });
    expect(yaml.load(readFileSync(target.kubeconfigPath, 'utf8'))).toEqual(config);
  });

  test.skipIf(!hasKubectl)(
    'kubectl in a block, even inside a pod, reaches only the address where nothing listens',
    async () => {
      const shell = createShellRunner(offlineTarget({ K8S_LABS_STATE_DIR: tempDir('k8s-labs-offline-') }), runProcess);
      process.env['KUBERNETES_SERVICE_HOST'] = '10.96.0.1';
      process.env['KUBERNETES_SERVICE_PORT'] = '443';
      try {
        const outcome = await shell.runBlock(
          'kubectl config current-context && kubectl get namespaces --request-timeout=5s',
          { timeoutMs: 20_000 },
        );
        expect(outcome.stdout).toBe('k8s-labs-offline');
        expect(outcome.exitCode).toBe(1);
        expect(outcome.stderr).toContain('The connection to the server 127.0.0.1:1 was refused');
        expect(outcome.stderr).not.toContain('10.96.0.1');
      } finally {
        delete process.env['KUBERNETES_SERVICE_HOST'];
        delete process.env['KUBERNETES_SERVICE_PORT'];
      }
    },
  );
});
