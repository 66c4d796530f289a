/** `labs prepare <lab>` through the built CLI with stand-in docker and kind executables. */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';
import { fakeBinCalls } from '../helpers/fakeBin.js';

const fakeBin = path.join(repoRoot, 'test', 'fixtures', 'fake-bin');
// A valid lab whose lab.yaml lists images (owned by the validate tests; read, never changed).
const labDir = path.join(repoRoot, 'test', 'fixtures', 'validate', 'base', 'labs', 'base-lab');
const images = (yaml.load(readFileSync(path.join(labDir, 'lab.yaml'), 'utf8')) as { images: string[] }).images;

let dir: string;
let env: Record<string, string>;

const calls = (): string[] => fakeBinCalls(env['FAKE_BIN_LOG']!);

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

  describe("on Docker's containerd image store, where `kind load docker-image` fails for multi-arch images", () => {
    const containerd = (): Record<string, string> => ({ ...env, FAKE_DOCKER_IMAGE_STORE: 'containerd' });
    const escape = (text: string): string => text.replace(/[.:/]/g, '\\$&');

    test("loads each image as an archive of the machine's platform instead, says so, and finds them present the second time", async () => {
      const result = await runBin(['prepare', labDir], { env: containerd() });
      expect(result.code).toBe(0);
      expect(calls().filter((call) => call === 'docker info --format {{.Architecture}}')).toHaveLength(1);
      for (const [index, image] of images.entries()) {
        expect(result.stderr).toMatch(
          new RegExp(
            `^\\[${index + 1}/${images.length}\\] ok +${escape(image)} +pulled \\d+\\.\\ds, loaded \\d+\\.\\ds as a linux/amd64 archive$`,
            'm',
          ),
        );
        expect(calls()).toContain(`kind load docker-image ${image} --name k8s-labs`);
        const save = calls().find((call) => call.startsWith('docker save') && call.endsWith(` ${image}`));
        const archive = /^docker save --platform linux\/amd64 --output (\S+\/image\.tar) /.exec(save ?? '')?.[1];
        expect(archive, save).toBeDefined();
        expect(calls()).toContain(`kind load image-archive ${archive} --name k8s-labs`);
        // The archive's folder is removed afterwards.
        expect(existsSync(path.dirname(archive!))).toBe(false);
      }
      expect(result.stderr).toContain(
        'note: `kind load docker-image` failed with "ctr: content digest ...: not found", as it does on Docker\'s containerd image store for multi-arch images (kind issue 3795); ' +
          `${images.length === 1 ? 'that image was' : `those ${images.length} images were`} loaded with \`docker save --platform linux/amd64\` and \`kind load image-archive\` instead (see docs/cluster.md)`,
      );

      writeFileSync(env['FAKE_BIN_LOG']!, '');
      const second = await runBin(['prepare', labDir], { env: containerd() });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/\(0 loaded, \d+ already there\)/);
      expect(calls().some((call) => call.startsWith('kind load') || call.startsWith('docker save'))).toBe(false);
    });

    test("maps Docker's aarch64 to the linux/arm64 platform", async () => {
      const result = await runBin(['prepare', labDir, '--json'], {
        env: { ...containerd(), FAKE_DOCKER_ARCH: 'aarch64' },
      });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { images: { status: string; archivePlatform?: string }[] };
      expect(report.images.map((image) => [image.status, image.archivePlatform])).toEqual(
        images.map(() => ['loaded', 'linux/arm64']),
      );
      expect(calls().filter((call) => call.startsWith('docker save --platform linux/arm64 '))).toHaveLength(
        images.length,
      );
    });

    test('a Docker whose save has no --platform: the image fails with both errors, exit 3', async () => {
      const result = await runBin(['prepare', labDir], {
        env: { ...containerd(), FAKE_DOCKER_SAVE_PLATFORM: 'unsupported' },
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(
        `FAIL ${images[0]}  kind load failed: ctr: content digest sha256:b1addbe72465a718643cff9e60a58e6df1841e29d6d7d60c9a85d8d72f08d1a7: not found; ` +
          "then, loading a linux/amd64 archive instead, docker save failed: unknown flag: --platform | See 'docker save --help'.",
      );
      expect(calls().some((call) => call.startsWith('kind load image-archive'))).toBe(false);
    });
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
