import { describe, expect, test } from 'vitest';
import { normalizeImageRef, presentOnNodes } from '../../../src/adapters/docker/images.js';
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
}) {
  const calls: string[] = [];
  const run = async (file: string, args: readonly string[], _options?: RunOptions): Promise<RunResult> => {
    calls.push(`${file} ${args.join(' ')}`);
    if (file === 'kind' && args[1] === 'clusters') return done(state.clusters.join('\n'));
    if (file === 'kind' && args[1] === 'nodes') return done('k8s-labs-control-plane');
    if (file === 'docker' && args[0] === 'info') return done('28.2.2');
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
      return done('', {
        stderr: `Image: "${args[2]}" with ID "sha256:1" not yet present on node "k8s-labs-control-plane", loading...`,
      });
    }
    throw new Error(`unexpected ${file} ${args.join(' ')}`);
  };
  return { run, calls };
}

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

  test('no such kind cluster: environment error pointing at `labs cluster up`', async () => {
    const tools = fakeTools({ clusters: [], local: [], node: [] });
    await expect(prepareImages({ cluster: 'k8s-labs', images: ['a:1'], run: tools.run })).rejects.toMatchObject({
      kind: 'environment',
      nextStep: 'run `labs cluster up` first',
    });
  });
});
