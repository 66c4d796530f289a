/** The kind and docker commands the lab cluster needs, with their failures as next steps. */
import { environmentError } from '../../errors.js';
import { dockerDaemonHint, installHint } from '../../core/doctor/installHints.js';
import type { RunOptions, RunResult } from '../../core/ports.js';
import { isCommandNotFound, type ProcessRunner } from '../process/run.js';

/** Runs kind or docker; a missing executable is an environment error with the install hint. */
export async function runTool(
  run: ProcessRunner,
  tool: 'kind' | 'docker',
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  try {
    return await run(tool, args, options);
  } catch (error) {
    if (isCommandNotFound(error))
      throw environmentError(`${tool} is not installed (or not on PATH)`, installHint(tool, process.platform), error);
    throw error;
  }
}

export function abortError(): Error {
  return Object.assign(new Error('aborted'), { name: 'AbortError' });
}

/** The last meaningful lines of a failed command's output, for error messages. */
export function lastLines(result: RunResult, count = 3): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !/^[•✓✗]/u.test(line));
  const errors = lines.filter((line) => /^ERROR|error|failed|Cannot/i.test(line));
  return (errors.length ? errors : lines).slice(-count).join(' | ');
}

/** When kind fails because Docker does not answer, say how to start Docker. */
function kindFailure(action: string, result: RunResult): Error {
  const detail = lastLines(result);
  if (/docker|daemon|podman/i.test(detail) && /connect|running|permission denied|socket/i.test(detail)) {
    return environmentError(
      `Docker is not reachable, so kind cannot ${action}: ${detail}`,
      dockerDaemonHint(process.platform, detail),
    );
  }
  return environmentError(
    `kind could not ${action} (exit ${result.exitCode})${detail ? `: ${detail}` : ''}`,
    'run `labs doctor` to see what is missing',
  );
}

/** The names of the existing kind clusters. */
export async function kindClusters(run: ProcessRunner, signal?: AbortSignal, timeoutMs = 30_000): Promise<string[]> {
  const result = await runTool(run, 'kind', ['get', 'clusters'], { timeoutMs, ...(signal ? { signal } : {}) });
  if (result.aborted) throw abortError();
  if (result.exitCode !== 0) throw kindFailure('list clusters', result);
  return result.stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('No kind clusters'));
}

/** The node container names of a kind cluster (e.g. k8s-labs-control-plane). */
export async function kindNodes(run: ProcessRunner, name: string, signal?: AbortSignal): Promise<string[]> {
  const result = await runTool(run, 'kind', ['get', 'nodes', '--name', name], {
    timeoutMs: 30_000,
    ...(signal ? { signal } : {}),
  });
  if (result.aborted) throw abortError();
  if (result.exitCode !== 0) throw kindFailure(`list the nodes of cluster "${name}"`, result);
  return result.stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('No kind nodes'));
}

/** Fails with the platform's next step unless the Docker daemon answers. Returns its version. */
export async function requireDocker(run: ProcessRunner, signal?: AbortSignal): Promise<string> {
  const result = await runTool(run, 'docker', ['info', '--format', '{{.ServerVersion}}'], {
    timeoutMs: 20_000,
    ...(signal ? { signal } : {}),
  });
  if (result.aborted) throw abortError();
  const version = result.stdout.trim();
  if (result.exitCode !== 0 || !version || version.includes('<no value>')) {
    const detail = lastLines(result, 2);
    throw environmentError(
      `the Docker daemon is not reachable${detail ? `: ${detail}` : ''}`,
      dockerDaemonHint(process.platform, detail),
    );
  }
  return version;
}

export { kindFailure };
