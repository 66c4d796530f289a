import { describe, expect, test } from 'vitest';
import {
  multiArchImportFailure,
  normalizeImageRef,
  platformArchitecture,
  presentOnNodes,
} from '../../../src/adapters/docker/images.js';
import { type ImageReport, prepareImages } from '../../../src/adapters/docker/prepareImages.js';
import type { RunOptions, RunResult } from '../../../src/core/ports.js';

const done = (stdout = '', over: Partial<RunResult> = {}): RunResult => ({
  exitCode: 0,
  stdout,
  stderr: '',
  timedOut: false,
  aborted: false,
  durationMs: 7,
  ...over,
});

describe('normalizeImageRef', () => {
  test('fills in the registry and library the way containerd lists images', () => {
    expect(normalizeImageRef('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImageRef('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImageRef('curlimages/curl:8.10.1')).toBe('docker.io/curlimages/curl:8.10.1');
    expect(normalizeImageRef('registry.k8s.io/e2e-test-images/agnhost:2.52')).toBe(
      'registry.k8s.io/e2e-test-images/agnhost:2.52',
    );
    expect(normalizeImageRef('localhost:5000/app:v1')).toBe('localhost:5000/app:v1');
    expect(normalizeImageRef('nginx:1.27@sha256:abc')).toBe('docker.io/library/nginx@sha256:abc');
  });

  test("recognises kind's failure on Docker's containerd image store, and no other", () => {
    expect(multiArchImportFailure(done('', { exitCode: 1, stderr: CONTAINERD_STORE_FAILURE }))).toBe(
      'ctr: content digest sha256:b1addbe72465a718643cff9e60a58e6df1841e29d6d7d60c9a85d8d72f08d1a7: not found',
    );
    expect(
      multiArchImportFailure(done('', { exitCode: 1, stderr: 'ERROR: failed to load image: no space left on device' })),
    ).toBeUndefined();
    expect(['x86_64', 'aarch64', 'arm64', 's390x', 'constructor'].map(platformArchitecture)).toEqual([
      'amd64',
      'arm64',
      'arm64',
      's390x',
      'constructor',
    ]);
  });

  test('an image counts as present only when every node has it', () => {
    const a = new Set(['docker.io/library/nginx:1.27']);
    expect(presentOnNodes('nginx:1.27', [a, a])).toBe(true);
    expect(presentOnNodes('nginx:1.27', [a, new Set()])).toBe(false);
    expect(presentOnNodes('nginx:1.27', [undefined])).toBe(false);
    expect(presentOnNodes('nginx:1.27', [])).toBe(false);
  });
});

function fakeTools(state: {
  clusters: string[];
  local: string[];
  node: string[];
  pullFails?: string[];
  loadFails?: string[];
  /** Docker's containerd image store: `kind load docker-image` fails as in kind issue 3795. */
  containerdStore?: boolean;
  /** `docker info` Architecture; empty for a Docker that does not say. */
  arch?: string;
}) {
  const calls: string[] = [];
  const archives: string[] = [];
  const run = async (file: string, args: readonly string[], _options?: RunOptions): Promise<RunResult> => {
    calls.push(`${file} ${args.join(' ')}`);
    if (file === 'kind' && args[1] === 'clusters') return done(state.clusters.join('\n'));
    if (file === 'kind' && args[1] === 'nodes') return done('k8s-labs-control-plane');
    if (file === 'docker' && args[0] === 'info')
      return done(args.includes('{{.Architecture}}') ? (state.arch ?? 'x86_64') : '28.2.2');
    if (file === 'docker' && args[0] === 'save') {
      // The archive must exist while kind loads it.
      archives.push(args[args.indexOf('--output') + 1]!);
      return done();
    }
    if (file === 'kind' && args[1] === 'image-archive') {
      state.node.push(args[2]!);
      return done();
    }
    if (file === 'docker' && args[0] === 'exec')
      return done(JSON.stringify({ images: state.node.map((ref) => ({ repoTags: [ref], repoDigests: null })) }));
    if (file === 'docker' && args[0] === 'image')
      return state.local.includes(args.at(-1)!) ? done('sha256:1') : done('', { exitCode: 1, stderr: 'No such image' });
    if (file === 'docker' && args[0] === 'pull') {
      if (state.pullFails?.includes(args[1]!))
        return done('', { exitCode: 1, stderr: 'Error response from daemon: manifest unknown' });
      state.local.push(args[1]!);
      return done();
    }
    if (file === 'kind' && args[0] === 'load') {
      if (state.loadFails?.includes(args[2]!))
        return done('', { exitCode: 1, stderr: 'ERROR: failed to load image: no space left on device' });
      if (state.containerdStore) return done('', { exitCode: 1, stderr: CONTAINERD_STORE_FAILURE });
      return done('', {
        stderr: `Image: "${args[2]}" with ID "sha256:1" not yet present on node "k8s-labs-control-plane", loading...`,
      });
    }
    throw new Error(`unexpected ${file} ${args.join(' ')}`);
  };
  return { run, calls, archives };
}

// kind v0.33's output for a multi-arch image on Docker's containerd image store (kind issue 3795).
const CONTAINERD_STORE_FAILURE = [
  'Image: "nginx:1.27" with ID "sha256:1" not yet present on node "k8s-labs-control-plane", loading...',
  'ERROR: failed to load image: command "docker exec --privileged -i k8s-labs-control-plane ctr --namespace=k8s.io images import --all-platforms --digests --snapshotter=overlayfs -" failed with error: exit status 1',
  'Command Output: ctr: content digest sha256:b1addbe72465a718643cff9e60a58e6df1841e29d6d7d60c9a85d8d72f08d1a7: not found',
].join('\n');

describe('prepareImages', () => {
  test('skips what the node has, pulls only what Docker lacks, loads the rest, and reports progress', async () => {
    const tools = fakeTools({
      clusters: ['k8s-labs'],
      local: ['busybox:1.37'],
      node: ['docker.io/library/nginx:1.27'],
    });
    const events: string[] = [];
    const report = await prepareImages({
      cluster: 'k8s-labs',
      images: ['nginx:1.27', 'busybox:1.37', 'curlimages/curl:8.10.1'],
      run: tools.run,
      onProgress: (event) =>
        events.push(
          event.report
            ? `${event.index + 1}/${event.total} ${event.report.status}`
            : `${event.index + 1}/${event.total} ${event.step}`,
        ),
    });
    expect(report.images.map((image: ImageReport) => [image.image, image.status, image.pulled])).toEqual([
      ['nginx:1.27', 'present', false],
      ['busybox:1.37', 'loaded', false],
      ['curlimages/curl:8.10.1', 'loaded', true],
    ]);
    expect(report.images[2]).toMatchObject({ pullMs: 7, loadMs: 7 });
    expect(events).toEqual([
      '1/3 checking',
      '1/3 present',
      '2/3 checking',
      '2/3 loading',
      '2/3 loaded',
      '3/3 checking',
      '3/3 pulling',
      '3/3 loading',
      '3/3 loaded',
    ]);
    expect(tools.calls.filter((call) => call.startsWith('docker pull'))).toEqual([
      'docker pull curlimages/curl:8.10.1',
    ]);
    expect(tools.calls.filter((call) => call.startsWith('kind load'))).toEqual([
      'kind load docker-image busybox:1.37 --name k8s-labs',
      'kind load docker-image curlimages/curl:8.10.1 --name k8s-labs',
    ]);
  });

  test('a failed pull or load is reported per image and the others still run', async () => {
    const tools = fakeTools({
      clusters: ['k8s-labs'],
      local: ['b:1'],
      node: [],
      pullFails: ['a:1'],
      loadFails: ['b:1'],
    });
    const report = await prepareImages({ cluster: 'k8s-labs', images: ['a:1', 'b:1', 'c:1'], run: tools.run });
    expect(report.images.map((image) => [image.status, image.error])).toEqual([
      ['failed', 'docker pull failed: Error response from daemon: manifest unknown'],
      ['failed', 'kind load failed: ERROR: failed to load image: no space left on device'],
      ['loaded', undefined],
    ]);
  });

  describe("kind load docker-image failing on Docker's containerd image store (kind issue 3795)", () => {
    test('falls back to a single-platform archive of the daemon architecture, asking docker info once', async () => {
      const tools = fakeTools({ clusters: ['k8s-labs'], local: ['a:1', 'b:1'], node: [], containerdStore: true });
      const report = await prepareImages({ cluster: 'k8s-labs', images: ['a:1', 'b:1'], run: tools.run });
      expect(report.images.map((image) => [image.status, image.archivePlatform, image.loadMs])).toEqual([
        ['loaded', 'linux/amd64', 21],
        ['loaded', 'linux/amd64', 21],
      ]);
      expect(tools.archives).toHaveLength(2);
      expect(tools.calls.filter((call) => /^(docker (info|save)|kind load)/.test(call))).toEqual([
        'docker info --format {{.ServerVersion}}',
        'kind load docker-image a:1 --name k8s-labs',
        'docker info --format {{.Architecture}}',
        `docker save --platform linux/amd64 --output ${tools.archives[0]} a:1`,
        `kind load image-archive ${tools.archives[0]} --name k8s-labs`,
        'kind load docker-image b:1 --name k8s-labs',
        `docker save --platform linux/amd64 --output ${tools.archives[1]} b:1`,
        `kind load image-archive ${tools.archives[1]} --name k8s-labs`,
      ]);
    });

    test('maps aarch64 to arm64; a Docker that names no architecture fails the image with the kind error', async () => {
      const arm = fakeTools({
        clusters: ['k8s-labs'],
        local: ['a:1'],
        node: [],
        containerdStore: true,
        arch: 'aarch64',
      });
      const armReport = await prepareImages({ cluster: 'k8s-labs', images: ['a:1'], run: arm.run });
      expect(armReport.images[0]?.archivePlatform).toBe('linux/arm64');

      const silent = fakeTools({ clusters: ['k8s-labs'], local: ['a:1'], node: [], containerdStore: true, arch: '' });
      const report = await prepareImages({ cluster: 'k8s-labs', images: ['a:1'], run: silent.run });
      expect(report.images[0]).toMatchObject({
        status: 'failed',
        error:
          'kind load failed: ctr: content digest sha256:b1addbe72465a718643cff9e60a58e6df1841e29d6d7d60c9a85d8d72f08d1a7: not found; ' +
          "loading a single-platform archive instead needs Docker's architecture, which `docker info` did not give",
      });
      expect(silent.calls.some((call) => call.startsWith('docker save'))).toBe(false);
    });

    test('other kind load failures are reported as before, without a fallback', async () => {
      const tools = fakeTools({ clusters: ['k8s-labs'], local: ['a:1'], node: [], loadFails: ['a:1'] });
      const report = await prepareImages({ cluster: 'k8s-labs', images: ['a:1'], run: tools.run });
      expect(report.images[0]?.error).toBe('kind load failed: ERROR: failed to load image: no space left on device');
      expect(tools.calls.some((call) => call.includes('{{.Architecture}}') || call.startsWith('docker save'))).toBe(
        false,
      );
    });
  });

  test('no such kind cluster: environment error pointing at `labs cluster up`', async () => {
    const tools = fakeTools({ clusters: [], local: [], node: [] });
    await expect(prepareImages({ cluster: 'k8s-labs', images: ['a:1'], run: tools.run })).rejects.toMatchObject({
      kind: 'environment',
      nextStep: 'run `labs cluster up` first',
    });
  });
});
