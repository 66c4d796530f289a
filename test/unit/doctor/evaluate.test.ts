import { describe, expect, test } from 'vitest';
import { type DoctorProbes, evaluateDoctor } from '../../../src/core/doctor/evaluate.js';
import { installHint } from '../../../src/core/doctor/installHints.js';
import { minorSkew, parseVersion } from '../../../src/core/doctor/versions.js';

const healthy: DoctorProbes = {
  platform: 'linux',
  context: 'kind-k8s-labs',
  labCluster: true,
  clusterName: 'k8s-labs',
  docker: { found: true, daemon: true, version: '28.2.2' },
  kind: { found: true, version: 'v0.33.0' },
  kubectl: { found: true, version: 'v1.37.1' },
  kindClusterExists: true,
  kubeconfig: {
    files: ['/home/me/.kube/config'],
    contextFound: true,
    server: 'https://127.0.0.1:40123',
    contexts: ['kind-k8s-labs'],
  },
  api: { reachable: true, serverVersion: 'v1.37.0', nodes: 1, nodesReady: 1 },
};

const probe = (change: (p: DoctorProbes) => void): DoctorProbes => {
  const copy = structuredClone(healthy);
  change(copy);
  return copy;
};

const line = (probes: DoctorProbes, id: string) => evaluateDoctor(probes).checks.find((check) => check.id === id)!;

describe('evaluateDoctor', () => {
  test('everything fine: five passing lines in a fixed order, exit 0', () => {
    const report = evaluateDoctor(healthy);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['docker', 'pass'],
      ['kind', 'pass'],
      ['kubectl', 'pass'],
      ['cluster', 'pass'],
      ['context', 'pass'],
    ]);
    expect(report.exitCode).toBe(0);
    expect(line(healthy, 'cluster').message).toBe(
      'answers at https://127.0.0.1:40123 (Kubernetes v1.37.0, 1/1 node Ready)',
    );
    expect(line(healthy, 'context').message).toContain('kind-k8s-labs (the lab cluster)');
    expect(line(healthy, 'kubectl').message).toBe('kubectl v1.37.1 (server v1.37.0)');
  });

  test('missing tools fail with the install hint of the platform, exit 3', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const report = evaluateDoctor(
        probe((p) => {
          p.platform = platform;
          p.docker = { found: false, daemon: false };
          p.kind = { found: false };
          p.kubectl = { found: false };
        }),
      );
      expect(report.exitCode).toBe(3);
      const byId = Object.fromEntries(report.checks.map((check) => [check.id, check]));
      expect(byId['docker']).toMatchObject({ status: 'fail', next: installHint('docker', platform) });
      expect(byId['kind']).toMatchObject({ status: 'fail', next: installHint('kind', platform) });
      expect(byId['kubectl']).toMatchObject({ status: 'fail', next: installHint('kubectl', platform) });
    }
    expect(installHint('kind', 'darwin')).toContain('brew install kind');
    expect(installHint('kubectl', 'win32')).toContain('winget');
  });

  test('a stopped daemon says how to start it; a socket permission error says how to join the group', () => {
    expect(
      line(
        probe((p) => (p.docker = { found: true, daemon: false, error: 'Cannot connect to the Docker daemon' })),
        'docker',
      ),
    ).toMatchObject({
      status: 'fail',
      next: expect.stringContaining('systemctl start docker'),
    });
    const denied = probe((p) => {
      p.platform = 'linux';
      p.docker = {
        found: true,
        daemon: false,
        error: 'permission denied while trying to connect to the Docker daemon socket',
      };
    });
    expect(line(denied, 'docker').next).toContain('usermod -aG docker');
    expect(
      line(
        probe((p) => ((p.platform = 'darwin'), (p.docker = { found: true, daemon: false }))),
        'docker',
      ).next,
    ).toContain('Docker Desktop');
  });

  test('kubectl more than one minor version from the server is a warning, not a failure', () => {
    const skewed = probe((p) => (p.kubectl.version = 'v1.32.4-dispatcher'));
    expect(line(skewed, 'kubectl')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('kubectl v1.32.4, server v1.37.0: more than one minor version apart'),
    });
    expect(evaluateDoctor(skewed).exitCode).toBe(0);
    expect(
      line(
        probe((p) => (p.kubectl.version = 'v1.36.0')),
        'kubectl',
      ).status,
    ).toBe('pass');
  });

  test('an old kind is a warning naming the release the node image is built for', () => {
    expect(
      line(
        probe((p) => (p.kind.version = 'v0.27.0')),
        'kind',
      ),
    ).toMatchObject({ status: 'warn', message: expect.stringContaining('older than v0.33.0') });
  });

  test('no lab cluster: cluster and context fail with `labs cluster up`', () => {
    const report = evaluateDoctor(
      probe((p) => {
        p.kindClusterExists = false;
        p.kubeconfig.contextFound = false;
        delete p.kubeconfig.server;
        delete p.api;
      }),
    );
    expect(report.exitCode).toBe(3);
    expect(report.checks.find((check) => check.id === 'cluster')).toMatchObject({
      status: 'fail',
      message: 'there is no kind cluster named "k8s-labs"',
      next: 'run `labs cluster up` to create it',
    });
    expect(report.checks.find((check) => check.id === 'context')).toMatchObject({
      status: 'fail',
      next: expect.stringContaining('labs cluster up'),
    });
  });

  test('an unreachable API server fails with its error and the next step', () => {
    const down = probe(
      (p) =>
        (p.api = {
          reachable: false,
          error:
            'cannot reach the Kubernetes API server https://127.0.0.1:40123 (context kind-k8s-labs): connection refused',
        }),
    );
    expect(line(down, 'cluster')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('connection refused'),
      next: expect.stringContaining('labs cluster up'),
    });
    expect(
      line(
        probe((p) => (p.api = { reachable: true, nodes: 2, nodesReady: 1 })),
        'cluster',
      ),
    ).toMatchObject({ status: 'warn' });
  });

  test('another context: Docker and kind are not needed (warnings), the context is named, a missing one lists the others', () => {
    const workshop = probe((p) => {
      p.context = 'workshop';
      p.labCluster = false;
      p.docker = { found: false, daemon: false };
      p.kind = { found: false };
      delete p.kindClusterExists;
    });
    const report = evaluateDoctor(workshop);
    expect(report.exitCode).toBe(0);
    expect(report.checks.find((check) => check.id === 'docker')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('you use context workshop'),
    });
    expect(report.checks.find((check) => check.id === 'context')?.message).toContain('workshop (chosen with --context');
    const missing = probe((p) => {
      Object.assign(p, workshop);
      p.kubeconfig = { files: ['/k'], contextFound: false, contexts: ['kind-k8s-labs', 'prod'] };
      delete p.api;
    });
    expect(line(missing, 'context')).toMatchObject({
      status: 'fail',
      next: expect.stringContaining('(available: kind-k8s-labs, prod)'),
    });
  });

  test('an unreadable kubeconfig is reported once with its parse error', () => {
    const broken = probe((p) => {
      p.kubeconfig = { files: [], contextFound: false, error: '/k is not a valid kubeconfig: bad indentation' };
      delete p.api;
    });
    expect(line(broken, 'context')).toMatchObject({
      status: 'fail',
      message: '/k is not a valid kubeconfig: bad indentation',
    });
    expect(line(broken, 'cluster').message).toBe('cannot check it: the kubeconfig cannot be read');
  });
});

describe('versions', () => {
  test('parses what the tools print and measures minor skew', () => {
    expect(parseVersion('kind v0.33.0 go1.25.1 linux/amd64')).toEqual({ major: 0, minor: 33, patch: 0 });
    expect(parseVersion('v1.32.4-dispatcher')).toEqual({ major: 1, minor: 32, patch: 4 });
    expect(parseVersion('nothing')).toBeUndefined();
    expect(minorSkew(parseVersion('v1.35.0')!, parseVersion('v1.37.2')!)).toBe(2);
  });
});
