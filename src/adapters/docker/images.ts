/** Container images on this machine (Docker) and inside kind's node containers (containerd). */
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
