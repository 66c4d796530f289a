/** `labs prepare <lab>` through the built CLI with stand-in docker and kind executables. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';

const fakeBin = path.join(repoRoot, 'test', 'fixtures', 'fake-bin');
// A valid lab whose lab.yaml lists images (owned by the validate tests; read, never changed).
const labDir = path.join(repoRoot, 'test', 'fixtures', 'validate', 'base', 'labs', 'base-lab');
const images = (yaml.load(readFileSync(path.join(labDir, 'lab.yaml'), 'utf8')) as { images: string[] }).images;

let dir: string;
let env: Record<string, string>;

const calls = (): string[] =>
  readFileSync(env['FAKE_BIN_LOG']!, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as string[]).join(' '));

beforeEach(() => {
  dir = tempDir('labs-prepare-e2e-');
  writeFileSync(path.join(dir, 'clusters.json'), '["k8s-labs"]');
  writeFileSync(path.join(dir, 'calls.log'), '');
  env = {
    PATH: `${fakeBin}${path.delimiter}${process.env['PATH']}`,
    FAKE_BIN_STATE: dir,
    FAKE_BIN_LOG: path.join(dir, 'calls.log'),
  };
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('labs prepare', () => {
  test('pulls and loads every image of the lab, then finds them all present the second time', async () => {
    expect(images.length).toBeGreaterThan(0);
    const first = await runBin(['prepare', labDir], { env });
    expect(first.code).toBe(0);
    for (const [index, image] of images.entries()) {
      expect(first.stderr).toMatch(
        new RegExp(
          `^\\[${index + 1}/${images.length}\\] ok +${image.replace(/[.:/]/g, '\\$&')} +pulled \\d+\\.\\ds, loaded \\d+\\.\\ds$`,
          'm',
        ),
      );
      expect(calls()).toContain(`docker pull ${image}`);
      expect(calls()).toContain(`kind load docker-image ${image} --name k8s-labs`);
    }
    expect(first.stdout).toMatch(
      new RegExp(
        `^ok +${images.length}/${images.length} images ready in cluster k8s-labs \\(${images.length} loaded, 0 already there\\) in \\d+\\.\\ds$`,
        'm',
      ),
    );

    writeFileSync(env['FAKE_BIN_LOG']!, '');
    const second = await runBin(['prepare', labDir, '--json'], { env });
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as {
      lab: string;
      cluster: string;
      images: { image: string; status: string; pulled: boolean }[];
    };
    expect(report.lab).toBe('base-lab');
    expect(report.images.every((image) => image.status === 'present' && !image.pulled)).toBe(true);
    expect(calls().some((call) => call.startsWith('docker pull') || call.startsWith('kind load'))).toBe(false);
  });

  test('an image that cannot be pulled is reported and the command exits 3', async () => {
    const result = await runBin(['prepare', labDir], { env: { ...env, FAKE_DOCKER_PULL_FAIL: images[0]! } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `FAIL ${images[0]}  docker pull failed: Error response from daemon: manifest for ${images[0]} not found`,
    );
    expect(result.stderr).toContain('error: 1 image could not be prepared');
  });

  test('no kind cluster yet: exit 3 with `labs cluster up`', async () => {
    writeFileSync(path.join(dir, 'clusters.json'), '[]');
    const result = await runBin(['prepare', labDir], { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error: there is no kind cluster named "k8s-labs" to load images into');
    expect(result.stderr).toContain('next: run `labs cluster up` first');
  });

  test('a non-kind context is refused with exit 2', async () => {
    const result = await runBin(['prepare', labDir, '--context', 'production'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('context production is not kind cluster "k8s-labs"');
  });
});
