/** Container images on this machine (Docker) and inside kind's node containers (containerd). */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunResult } from '../../core/ports.js';
import { abortError, runTool } from '../kind/kindCli.js';
import type { ProcessRunner } from '../process/run.js';

/**
 * The fully qualified form of an image reference, as containerd lists it:
 * nginx:1.27 -> docker.io/library/nginx:1.27; a digest reference keeps only its digest.
 */
export function normalizeImageRef(ref: string): string {
  const [name = '', digest] = ref.trim().split('@');
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  let repository = colon >= 0 ? name.slice(0, colon) : name;
  const tag = colon >= 0 ? name.slice(colon + 1) : 'latest';
  const first = repository.split('/')[0] ?? '';
  const hasRegistry = repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry)
    repository = repository.includes('/') ? `docker.io/${repository}` : `docker.io/library/${repository}`;
  return digest ? `${repository}@${digest}` : `${repository}:${tag}`;
}

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

function checked(result: RunResult): RunResult {
  if (result.aborted) throw abortError();
  return result;
}

/** True when the image is in the local Docker image store. */
export async function hasLocalImage(run: ProcessRunner, image: string, signal?: AbortSignal): Promise<boolean> {
  const result = checked(
    await runTool(run, 'docker', ['image', 'inspect', '--format', '{{.Id}}', image], {
      timeoutMs: 30_000,
      ...withSignal(signal),
    }),
  );
  return result.exitCode === 0;
}

export async function pullImage(run: ProcessRunner, image: string, signal?: AbortSignal): Promise<RunResult> {
  return checked(await runTool(run, 'docker', ['pull', image], { timeoutMs: 30 * 60_000, ...withSignal(signal) }));
}

/** The images in a kind node's containerd, normalized, or undefined when they cannot be listed. */
export async function nodeImages(
  run: ProcessRunner,
  node: string,
  signal?: AbortSignal,
): Promise<Set<string> | undefined> {
  const result = checked(
    await runTool(run, 'docker', ['exec', node, 'crictl', 'images', '-o', 'json'], {
      timeoutMs: 30_000,
      ...withSignal(signal),
    }),
  );
  if (result.exitCode !== 0) return undefined;
  try {
    const parsed = JSON.parse(result.stdout) as {
      images?: { repoTags?: string[] | null; repoDigests?: string[] | null }[];
    };
    const refs = new Set<string>();
    for (const image of parsed.images ?? []) {
      for (const ref of [...(image.repoTags ?? []), ...(image.repoDigests ?? [])]) refs.add(normalizeImageRef(ref));
    }
    return refs;
  } catch {
    return undefined;
  }
}

/** True when every node's image list holds the image. */
export function presentOnNodes(image: string, nodes: readonly (Set<string> | undefined)[]): boolean {
  const ref = normalizeImageRef(image);
  return nodes.length > 0 && nodes.every((refs) => refs?.has(ref) ?? false);
}

/** `kind load docker-image`; kind itself skips nodes that already hold the same image ID. */
export async function loadIntoKind(
  run: ProcessRunner,
  image: string,
  cluster: string,
  signal?: AbortSignal,
): Promise<{ result: RunResult; alreadyPresent: boolean }> {
  const result = checked(
    await runTool(run, 'kind', ['load', 'docker-image', image, '--name', cluster], {
      timeoutMs: 10 * 60_000,
      ...withSignal(signal),
    }),
  );
  return { result, alreadyPresent: /already present on all nodes/i.test(`${result.stdout}\n${result.stderr}`) };
}

/**
 * The "ctr: content digest sha256:...: not found" line when `kind load docker-image` failed the way
 * it does on Docker's containerd image store for a multi-arch image (kind issue 3795): `docker save`
 * writes an index naming every platform, only this machine's is there, and the node's
 * `ctr images import --all-platforms` stops at the first missing one. Undefined for other failures.
 */
export function multiArchImportFailure(result: RunResult): string | undefined {
  return /ctr: content digest sha256:[0-9a-f]+: not found/.exec(`${result.stderr}\n${result.stdout}`)?.[0];
}

/** Docker's name for the daemon's CPU (`docker info`: x86_64, aarch64) as an OCI platform architecture. */
export function platformArchitecture(dockerArchitecture: string): string {
  const arch = dockerArchitecture.trim();
  return DOCKER_TO_OCI_ARCHITECTURE.get(arch) ?? arch;
}
const DOCKER_TO_OCI_ARCHITECTURE = new Map([
  ['x86_64', 'amd64'],
  ['aarch64', 'arm64'],
]);

/** The OCI architecture of the Docker daemon's machine (amd64, arm64), or undefined when Docker does not say. */
export async function daemonArchitecture(run: ProcessRunner, signal?: AbortSignal): Promise<string | undefined> {
  const result = checked(
    await runTool(run, 'docker', ['info', '--format', '{{.Architecture}}'], {
      timeoutMs: 20_000,
      ...withSignal(signal),
    }),
  );
  const arch = result.stdout.trim();
  return result.exitCode === 0 && arch && !arch.includes('<no value>') ? platformArchitecture(arch) : undefined;
}

/** `docker save [--platform <platform>] --output <file> <image>`: with a platform, an archive of that one. */
export async function saveImage(
  run: ProcessRunner,
  image: string,
  platform: string | undefined,
  file: string,
  signal?: AbortSignal,
): Promise<RunResult> {
  const only = platform ? ['--platform', platform] : [];
  return checked(
    await runTool(run, 'docker', ['save', ...only, '--output', file, image], {
      timeoutMs: 10 * 60_000,
      ...withSignal(signal),
    }),
  );
}

/** `docker load --input <file>`: an image archive into the local Docker image store. */
export async function loadIntoDocker(run: ProcessRunner, file: string, signal?: AbortSignal): Promise<RunResult> {
  return checked(
    await runTool(run, 'docker', ['load', '--input', file], { timeoutMs: 10 * 60_000, ...withSignal(signal) }),
  );
}

/** `kind load image-archive <file> --name <cluster>`. */
export async function loadArchive(
  run: ProcessRunner,
  file: string,
  cluster: string,
  signal?: AbortSignal,
): Promise<RunResult> {
  return checked(
    await runTool(run, 'kind', ['load', 'image-archive', file, '--name', cluster], {
      timeoutMs: 10 * 60_000,
      ...withSignal(signal),
    }),
  );
}

/**
 * The known workaround for kind issue 3795: `docker save --platform linux/<arch>` writes an archive
 * of that one platform, which `kind load image-archive` imports. The archive goes to a temporary
 * folder, removed afterwards. Returns the first failing command's result (and its name), else the
 * load's, with the time both took.
 */
export async function loadArchiveIntoKind(
  run: ProcessRunner,
  image: string,
  platform: string,
  cluster: string,
  signal?: AbortSignal,
): Promise<{ result: RunResult; failedCommand?: string; durationMs: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'k8s-labs-image-'));
  try {
    const archive = path.join(dir, 'image.tar');
    const save = await saveImage(run, image, platform, archive, signal);
    if (save.exitCode !== 0) return { result: save, failedCommand: 'docker save', durationMs: save.durationMs };
    const load = await loadArchive(run, archive, cluster, signal);
    const durationMs = save.durationMs + load.durationMs;
    return load.exitCode === 0
      ? { result: load, durationMs }
      : { result: load, failedCommand: 'kind load image-archive', durationMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
