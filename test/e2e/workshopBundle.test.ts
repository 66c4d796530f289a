/**
 * `labs workshop bundle` and `labs workshop load` through the built CLI with stand-in docker and
 * kind executables (test/fixtures/fake-bin): the stand-in `docker save` writes a small JSON file
 * for each image, which the stand-in `kind load image-archive` and `docker load` read back.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NODE_IMAGE } from '../../src/adapters/kind/nodeImage.js';
import { hashEntry, readTarIndex, writeTar } from '../../src/adapters/fs/tarFile.js';
import { repoRoot, runBin, tempDir } from '../helpers/bin.js';
import { fakeBinCalls } from '../helpers/fakeBin.js';

const fakeBin = path.join(repoRoot, 'test', 'fixtures', 'fake-bin');
// A valid lab whose lab.yaml lists images (owned by the validate tests; read, never changed).
const labDir = path.join(repoRoot, 'test', 'fixtures', 'validate', 'base', 'labs', 'base-lab');
const labImages = (yaml.load(readFileSync(path.join(labDir, 'lab.yaml'), 'utf8')) as { images: string[] }).images;
const clusteripImages = (
  yaml.load(readFileSync(path.join(repoRoot, 'labs', 'clusterip', 'lab.yaml'), 'utf8')) as { images: string[] }
).images;

let dir: string;
let env: Record<string, string>;
let archive: string;

const calls = (): string[] => fakeBinCalls(env['FAKE_BIN_LOG']!);
const loads = (): string[] => calls().filter((call) => /^(kind load|docker load)/.test(call));
const state = (name: string): string[] =>
  existsSync(path.join(dir, name)) ? (JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as string[]) : [];

interface Manifest {
  format: string;
  labs: string[];
  platform?: string;
  images: { image: string; role: string; labs: string[]; file: string; bytes: number; sha256: string }[];
}

async function manifestOf(file: string): Promise<Manifest> {
  const entry = (await readTarIndex(file)).find((item) => item.name === 'manifest.json')!;
  const out = path.join(dir, 'manifest-copy.json');
  await hashEntry(file, entry, { to: out });
  return JSON.parse(readFileSync(out, 'utf8')) as Manifest;
}

beforeEach(() => {
  dir = tempDir('labs-bundle-e2e-');
  writeFileSync(path.join(dir, 'clusters.json'), '["k8s-labs"]');
  writeFileSync(path.join(dir, 'calls.log'), '');
  archive = path.join(dir, 'class.tar');
  env = {
    PATH: `${fakeBin}${path.delimiter}${process.env['PATH']}`,
    FAKE_BIN_STATE: dir,
    FAKE_BIN_LOG: path.join(dir, 'calls.log'),
  };
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles base-lab and clusterip, then forgets the images (a fresh laptop). */
async function bundled(): Promise<Manifest> {
  const result = await runBin(['workshop', 'bundle', labDir, 'clusterip', '--out', archive], { env });
  expect(result.code, result.stderr).toBe(0);
  rmSync(path.join(dir, 'local-images.json'));
  writeFileSync(env['FAKE_BIN_LOG']!, '');
  return manifestOf(archive);
}

describe('labs workshop bundle', () => {
  test('saves every image of the labs once, and the kind node image, for Docker’s platform, with checksums', async () => {
    const result = await runBin(['workshop', 'bundle', labDir, 'clusterip', '--out', archive], { env });
    expect(result.code, result.stderr).toBe(0);
    const expected = [...new Set([...labImages, ...clusteripImages])];
    expect(expected.length).toBeGreaterThan(1);
    for (const image of [...expected, NODE_IMAGE]) {
      expect(calls()).toContain(`docker pull ${image}`);
      expect(
        calls().some(
          (call) => call.startsWith('docker save --platform linux/amd64 --output ') && call.endsWith(` ${image}`),
        ),
      ).toBe(true);
    }
    const total = expected.length + 1;
    expect(result.stderr).toMatch(
      new RegExp(
        `^\\[${total}/${total}\\] ok +${NODE_IMAGE.replace(/[.:/@]/g, '\\$&')} +pulled, saved \\d+ B, sha256 [0-9a-f]{12}$`,
        'm',
      ),
    );
    expect(result.stdout).toMatch(
      new RegExp(
        `^ok +${archive.replace(/[.:/]/g, '\\$&')}: ${total} images, \\d+ B for linux/amd64, in \\d+\\.\\ds$`,
        'm',
      ),
    );

    const manifest = await manifestOf(archive);
    expect(manifest.format).toBe('k8s-labs-image-bundle');
    expect(manifest.labs).toEqual(['base-lab', 'clusterip']);
    expect(manifest.images.map((image) => [image.image, image.role])).toEqual([
      ...expected.map((image) => [image, 'lab']),
      [NODE_IMAGE, 'node'],
    ]);
    const shared = manifest.images.find(
      (image) => labImages.includes(image.image) && clusteripImages.includes(image.image),
    );
    if (shared) expect(shared.labs).toEqual(['base-lab', 'clusterip']);
    // Each entry is the docker-archive `docker save` wrote, and its checksum is that of its bytes.
    const index = await readTarIndex(archive);
    for (const image of manifest.images) {
      const entry = index.find((item) => item.name === image.file)!;
      const copy = path.join(dir, 'entry.tar');
      const sha256 = await hashEntry(archive, entry, { to: copy });
      expect(sha256).toBe(image.sha256);
      expect(sha256).toBe(createHash('sha256').update(readFileSync(copy)).digest('hex'));
      expect(JSON.parse(readFileSync(copy, 'utf8'))).toEqual({ image: image.image, platform: 'linux/amd64' });
    }
    // No working files left beside the archive.
    expect(
      readdirSync(dir).filter((name) => name.startsWith('.k8s-labs-bundle-') || name.endsWith('.partial')),
    ).toEqual([]);
  });

  test('an image that cannot be pulled: exit 3 naming it, and no archive', async () => {
    const result = await runBin(['workshop', 'bundle', 'clusterip', '--out', archive], {
      env: { ...env, FAKE_DOCKER_PULL_FAIL: clusteripImages[0]! },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `FAIL ${clusteripImages[0]}  docker pull failed: Error response from daemon: manifest for ${clusteripImages[0]} not found`,
    );
    expect(result.stderr).toContain(
      `error: the bundle was not written: 1 of ${clusteripImages.length + 1} images could not be saved`,
    );
    expect(existsSync(archive)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('.k8s-labs-bundle-'))).toEqual([]);
  });

  test('a Docker whose save has no --platform: saved as pulled, and the manifest names no platform', async () => {
    const result = await runBin(['workshop', 'bundle', 'clusterip', '--out', archive], {
      env: { ...env, FAKE_DOCKER_SAVE_PLATFORM: 'unsupported' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect((await manifestOf(archive)).platform).toBeUndefined();
    expect(calls().filter((call) => call.startsWith('docker save --output '))).toHaveLength(clusteripImages.length + 1);
  });
});

describe('labs workshop load', () => {
  test('verifies, loads the node image into Docker and the lab images into the kind cluster, then finds them there', async () => {
    const manifest = await bundled();
    const result = await runBin(['workshop', 'load', archive, '--context', 'kind-k8s-labs'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(loads()[0]).toMatch(/^docker load --input \S+-kindest_node_/);
    const labEntries = manifest.images.filter((image) => image.role === 'lab');
    for (const image of labEntries)
      expect(loads()).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^kind load image-archive \\S+/${path.basename(image.file).replace(/[.]/g, '\\.')} --name k8s-labs$`,
          ),
        ),
      );
    expect(state('local-images.json')).toEqual([NODE_IMAGE]);
    expect(state('node-images.json')).toHaveLength(labEntries.length);
    expect(result.stdout).toMatch(
      new RegExp(
        `^ok +${manifest.images.length} images ready \\(${manifest.images.length} loaded, 0 already there\\): checksums verified, cluster k8s-labs, in \\d+\\.\\ds$`,
        'm',
      ),
    );

    writeFileSync(env['FAKE_BIN_LOG']!, '');
    const again = await runBin(['workshop', 'load', archive, '--json'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { images: { status: string }[] }).images.map((image) => image.status)).toEqual(
      manifest.images.map(() => 'present'),
    );
    expect(loads()).toEqual([]);
  });

  test('a corrupted archive (one byte changed): exit 2 naming the entry, and nothing loaded', async () => {
    const manifest = await bundled();
    const victim = manifest.images[1]!;
    const entry = (await readTarIndex(archive)).find((item) => item.name === victim.file)!;
    const bytes = readFileSync(archive);
    bytes.writeUInt8(bytes.readUInt8(entry.offset + 3) ^ 0xff, entry.offset + 3);
    writeFileSync(archive, bytes);
    const result = await runBin(['workshop', 'load', archive], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `cannot be loaded: the checksum of ${victim.file} (image ${victim.image}) does not match`,
    );
    expect(result.stderr).toContain('nothing was loaded');
    expect(result.stderr).toContain('next: copy the archive again');
    expect(loads()).toEqual([]);
    expect(state('local-images.json')).toEqual([]);
  });

  test('an image missing from the archive: exit 2 naming it, and nothing loaded', async () => {
    const manifest = await bundled();
    const index = await readTarIndex(archive);
    const keep = index.filter((item) => item.name !== manifest.images[0]!.file);
    const parts = path.join(dir, 'parts');
    const sources = await Promise.all(
      keep.map(async (item, position) => {
        const file = `${parts}-${position}`;
        await hashEntry(archive, item, { to: file });
        return { name: item.name, file, size: item.size };
      }),
    );
    const broken = path.join(dir, 'broken.tar');
    await writeTar(broken, sources);
    const result = await runBin(['workshop', 'load', broken], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${manifest.images[0]!.file} (image ${manifest.images[0]!.image}) is missing from it; nothing was loaded`,
    );
    expect(loads()).toEqual([]);
  });

  test('a file that is not a bundle, and one that does not exist: exit 2', async () => {
    const notTar = path.join(dir, 'notes.tar');
    writeFileSync(notTar, 'hello\n'.repeat(200));
    const result = await runBin(['workshop', 'load', notTar], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot be loaded: not a tar archive (bad header at byte 0); nothing was loaded');
    const missing = await runBin(['workshop', 'load', path.join(dir, 'nope.tar')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.tar does not exist');
  });

  test('a context that is not a kind cluster’s is refused before anything is read or loaded', async () => {
    await bundled();
    const result = await runBin(['workshop', 'load', archive, '--context', 'production'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('context production is not a kind cluster');
    expect(calls()).toEqual([]);
  });

  test('no kind cluster yet: the node image goes into Docker, then exit 3 with `labs cluster up`', async () => {
    await bundled();
    writeFileSync(path.join(dir, 'clusters.json'), '[]');
    const result = await runBin(['workshop', 'load', archive], { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'there is no kind cluster named "k8s-labs" to load the lab images into (the kind node image is now in Docker)',
    );
    expect(result.stderr).toContain(
      'next: run `labs cluster up` (it needs no download now), then `labs workshop load` again',
    );
    expect(state('local-images.json')).toEqual([NODE_IMAGE]);
    expect(loads().filter((call) => call.startsWith('kind load'))).toEqual([]);
  });
});
