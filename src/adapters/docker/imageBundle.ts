/**
 * `labs workshop bundle` and `load`: every image of some labs, and the kind node image, in one tar
 * (a docker-archive tar per image plus manifest.json with their sha256), so a class on bad Wi-Fi
 * needs no registry. Loading checks every checksum before it loads anything.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { environmentError, inputError } from '../../errors.js';
import {
  BUNDLE_FORMAT,
  type BundleEntry,
  type BundleManifest,
  entryFileName,
  MANIFEST_NAME,
  parseBundleManifest,
} from '../../core/workshop/bundleManifest.js';
import { hashEntry, hashFile, readTarIndex, type TarEntry, writeTar } from '../fs/tarFile.js';
import { kindClusters, kindNodes, lastLines, requireDocker } from '../kind/kindCli.js';
import type { ProcessRunner } from '../process/run.js';
import {
  daemonArchitecture,
  hasLocalImage,
  loadArchive,
  loadIntoDocker,
  nodeImages,
  presentOnNodes,
  pullImage,
  saveImage,
} from './images.js';
import type { RunResult } from '../../core/ports.js';

/** What runs now (`step` on `image`), bytes copied so far, or one image finished. */
export type BundleEvent =
  | { kind: 'step'; index: number; total: number; image: string; step: string }
  | { kind: 'bytes'; done: number; total: number; step: string }
  | { kind: 'image'; index: number; total: number; image: string; ok: boolean; detail: string };

export interface WriteBundleOptions {
  images: readonly { image: string; role: 'lab' | 'node'; labs: string[] }[];
  labs: string[];
  out: string;
  run: ProcessRunner;
  signal?: AbortSignal;
  onEvent?: (event: BundleEvent) => void;
}

const fail = (result: RunResult, what: string): string =>
  `${what} failed: ${lastLines(result, 2) || `exit ${result.exitCode}`}`;

/** Pulls what is missing, saves each image for Docker's own platform, writes the archive. */
export async function writeBundle(options: WriteBundleOptions): Promise<BundleManifest> {
  const { images, run, signal, onEvent } = options;
  await requireDocker(run, signal);
  const arch = await daemonArchitecture(run, signal);
  let platform = arch ? `linux/${arch}` : undefined;
  const work = await mkdtemp(path.join(path.dirname(options.out), '.k8s-labs-bundle-'));
  try {
    const entries: (BundleEntry & { path: string })[] = [];
    const failures: string[] = [];
    for (const [index, item] of images.entries()) {
      const step = (name: string): void =>
        onEvent?.({ kind: 'step', index, total: images.length, image: item.image, step: name });
      const done = (ok: boolean, detail: string): void =>
        onEvent?.({ kind: 'image', index, total: images.length, image: item.image, ok, detail });
      step('checking');
      let pulled = false;
      if (!(await hasLocalImage(run, item.image, signal))) {
        step('pulling');
        const pull = await pullImage(run, item.image, signal);
        if (pull.exitCode !== 0) {
          failures.push(`${item.image}: ${fail(pull, 'docker pull')}`);
          done(false, fail(pull, 'docker pull'));
          continue;
        }
        pulled = true;
      }
      step('saving');
      const file = entryFileName(index, item.image);
      const tar = path.join(work, path.basename(file));
      let save = await saveImage(run, item.image, platform, tar, signal);
      // Docker before 28 has no `save --platform`: the archive then holds what was pulled.
      if (save.exitCode !== 0 && platform && /unknown flag: --platform/.test(save.stderr)) {
        platform = undefined;
        save = await saveImage(run, item.image, undefined, tar, signal);
      }
      if (save.exitCode !== 0) {
        failures.push(`${item.image}: ${fail(save, 'docker save')}`);
        done(false, fail(save, 'docker save'));
        continue;
      }
      step('hashing');
      const sha256 = await hashFile(tar, signal);
      const { size: bytes } = await stat(tar);
      entries.push({ ...item, file, bytes, sha256, path: tar });
      done(true, `${pulled ? 'pulled, ' : ''}saved ${formatBytes(bytes)}, sha256 ${sha256.slice(0, 12)}`);
    }
    if (failures.length) {
      throw environmentError(
        `the bundle was not written: ${failures.length} of ${images.length} images could not be saved (${failures.join('; ')})`,
        'check the network and the image names, then run `labs workshop bundle` again',
      );
    }
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      labs: options.labs,
      ...(platform ? { platform } : {}),
      images: entries.map(({ path: _path, ...entry }) => entry),
    };
    const manifestFile = path.join(work, MANIFEST_NAME);
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
    await writeTar(
      options.out,
      [
        { name: MANIFEST_NAME, file: manifestFile, size: (await stat(manifestFile)).size },
        ...entries.map((entry) => ({ name: entry.file, file: entry.path, size: entry.bytes })),
      ],
      (done) => onEvent?.({ kind: 'bytes', done, total, step: 'writing' }),
      signal,
    );
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export interface LoadBundleOptions {
  archive: string;
  /** The kind cluster the lab images go into. */
  cluster: string;
  run: ProcessRunner;
  signal?: AbortSignal;
  onEvent?: (event: BundleEvent) => void;
}

export interface LoadedImage {
  image: string;
  role: 'lab' | 'node';
  status: 'loaded' | 'present';
}

const corrupt = (archive: string, why: string): Error =>
  inputError(
    `${archive} cannot be loaded: ${why}; nothing was loaded`,
    'copy the archive again (or write it again with `labs workshop bundle`)',
  );

/** The archive's manifest and entries, every entry's sha256 checked against it. */
export async function verifyBundle(
  archive: string,
  options: { signal?: AbortSignal; onEvent?: (event: BundleEvent) => void } = {},
): Promise<{ manifest: BundleManifest; entries: Map<string, TarEntry> }> {
  let index: TarEntry[];
  try {
    index = await readTarIndex(archive);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw inputError(`${archive} does not exist`, 'give the path of a file written by `labs workshop bundle`');
    throw corrupt(archive, (error as Error).message);
  }
  const entries = new Map(index.map((entry) => [entry.name, entry]));
  const manifestEntry = entries.get(MANIFEST_NAME);
  if (!manifestEntry)
    throw corrupt(archive, `it has no ${MANIFEST_NAME}, so it was not written by \`labs workshop bundle\``);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'k8s-labs-manifest-'));
  let manifest: BundleManifest | string;
  try {
    const file = path.join(tmp, MANIFEST_NAME);
    await hashEntry(archive, manifestEntry, { to: file });
    manifest = parseBundleManifest(await readFile(file, 'utf8'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  if (typeof manifest === 'string') throw corrupt(archive, manifest);
  const total = manifest.images.reduce((sum, image) => sum + image.bytes, 0);
  let before = 0;
  for (const [position, image] of manifest.images.entries()) {
    const entry = entries.get(image.file);
    if (!entry) throw corrupt(archive, `${image.file} (image ${image.image}) is missing from it`);
    if (entry.size !== image.bytes)
      throw corrupt(
        archive,
        `${image.file} (image ${image.image}) has ${entry.size} bytes, the manifest says ${image.bytes}`,
      );
    options.onEvent?.({
      kind: 'step',
      index: position,
      total: manifest.images.length,
      image: image.image,
      step: 'verifying',
    });
    const sha256 = await hashEntry(archive, entry, {
      onBytes: (done) => options.onEvent?.({ kind: 'bytes', done: before + done, total, step: 'verifying' }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    before += entry.size;
    if (sha256 !== image.sha256)
      throw corrupt(
        archive,
        `the checksum of ${image.file} (image ${image.image}) does not match: sha256 ${sha256}, the manifest says ${image.sha256}`,
      );
  }
  return { manifest, entries };
}

/**
 * Verifies every checksum first; then the node image goes into Docker (so `labs cluster up` needs
 * no download) and the lab images into the kind cluster's nodes, skipping what is there already.
 */
export async function loadBundle(options: LoadBundleOptions): Promise<LoadedImage[]> {
  const { archive, cluster, run, signal, onEvent } = options;
  const { manifest, entries } = await verifyBundle(archive, {
    ...(signal ? { signal } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
  await requireDocker(run, signal);
  const ordered = [...manifest.images].sort((a, b) => (a.role === b.role ? 0 : a.role === 'node' ? -1 : 1));
  const loaded: LoadedImage[] = [];
  const work = await mkdtemp(path.join(os.tmpdir(), 'k8s-labs-load-'));
  let onNodes: (Set<string> | undefined)[] | undefined;
  try {
    for (const [index, image] of ordered.entries()) {
      const total = ordered.length;
      const step = (name: string): void => onEvent?.({ kind: 'step', index, total, image: image.image, step: name });
      step('checking');
      if (image.role === 'lab' && !onNodes) {
        if (!(await kindClusters(run, signal)).includes(cluster)) {
          throw environmentError(
            `there is no kind cluster named "${cluster}" to load the lab images into` +
              (loaded.some((item) => item.role === 'node') ? ' (the kind node image is now in Docker)' : ''),
            'run `labs cluster up` (it needs no download now), then `labs workshop load` again',
          );
        }
        const nodes = await kindNodes(run, cluster, signal);
        onNodes = await Promise.all(nodes.map((node) => nodeImages(run, node, signal)));
      }
      const present =
        image.role === 'node'
          ? await hasLocalImage(run, image.image, signal)
          : presentOnNodes(image.image, onNodes ?? []);
      const finished = (status: LoadedImage['status'], detail: string): void => {
        loaded.push({ image: image.image, role: image.role, status });
        onEvent?.({ kind: 'image', index, total, image: image.image, ok: true, detail });
      };
      if (present) {
        finished('present', image.role === 'node' ? 'already in Docker' : 'already in the cluster');
        continue;
      }
      step('extracting');
      const file = path.join(work, path.basename(image.file));
      const sha256 = await hashEntry(archive, entries.get(image.file)!, {
        to: file,
        onBytes: (done) => onEvent?.({ kind: 'bytes', done, total: image.bytes, step: `extracting ${image.image}` }),
        ...(signal ? { signal } : {}),
      });
      if (sha256 !== image.sha256) throw corrupt(archive, `${image.file} changed while it was being loaded`);
      step(image.role === 'node' ? 'loading into Docker' : 'loading into the cluster');
      const result =
        image.role === 'node' ? await loadIntoDocker(run, file, signal) : await loadArchive(run, file, cluster, signal);
      await rm(file, { force: true });
      if (result.exitCode !== 0) {
        throw environmentError(
          `${image.image}: ${fail(result, image.role === 'node' ? 'docker load' : 'kind load image-archive')}` +
            (loaded.length ? ` (${loaded.length} image${loaded.length === 1 ? '' : 's'} before it were loaded)` : ''),
          '`labs doctor` shows whether Docker and the cluster are healthy; then run `labs workshop load` again',
        );
      }
      finished(
        'loaded',
        `${formatBytes(image.bytes)} loaded into ${image.role === 'node' ? 'Docker' : `cluster ${cluster}`}`,
      );
    }
    return loaded;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
