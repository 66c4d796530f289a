/**
 * Runs a command in a pod through the API's exec endpoint (a websocket), using
 * @kubernetes/client-node's Exec. The client is imported only when exec is called, so commands
 * that never exec do not pay for loading it.
 */
import { Writable } from 'node:stream';
import type * as KubernetesClient from '@kubernetes/client-node';
import type { V1Status } from '@kubernetes/client-node';
import { environmentError } from '../../errors.js';
import type { ClusterReader, ExecRequest, ExecResult, PodExec } from '../../core/ports.js';
import { connectionError, networkReason, type ServerIdentity } from './apiErrors.js';

/** Exit code reported when the command did not finish within its timeout (as `timeout(1)` does). */
export const EXEC_TIMEOUT_EXIT_CODE = 124;

type ClientModule = typeof KubernetesClient;

export interface PodExecOptions {
  /** The pinned single-context kubeconfig. */
  kubeconfigPath: string;
  context: string;
  identity: ServerIdentity;
  reader: ClusterReader;
  /** Loads the client library; tests may substitute it. */
  loadClient?: () => Promise<ClientModule>;
}

/** The exit code in an exec Status: 0 on Success, the ExitCode cause on NonZeroExitCode. */
export function exitCodeOfStatus(status: V1Status | undefined): number | undefined {
  if (!status || status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((item) => item.reason === 'ExitCode');
  if (status.reason === 'NonZeroExitCode' && cause?.message !== undefined) {
    const code = Number(cause.message);
    return Number.isInteger(code) ? code : 1;
  }
  return undefined;
}

const collector = (): { stream: Writable; text: () => string } => {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
};

function abortError(): Error {
  return Object.assign(new Error('aborted'), { name: 'AbortError' });
}

export function createPodExec(options: PodExecOptions): PodExec {
  const loadClient = options.loadClient ?? (() => import('@kubernetes/client-node'));
  let client: Promise<{ module: ClientModule; config: InstanceType<ClientModule['KubeConfig']> }> | undefined;

  const connect = () => {
    client ??= loadClient().then((module) => {
      const config = new module.KubeConfig();
      config.loadFromFile(options.kubeconfigPath);
      config.setCurrentContext(options.context);
      return { module, config };
    });
    client.catch(() => {
      client = undefined;
    });
    return client;
  };

  const defaultContainer = async (request: ExecRequest): Promise<string> => {
    const pod = await options.reader.get('Pod', request.pod, request.namespace, request.signal);
    if (!pod) {
      throw environmentError(
        `pod ${request.pod} does not exist in namespace ${request.namespace}`,
        `check with \`kubectl get pod ${request.pod} -n ${request.namespace}\`; an earlier step may create it`,
      );
    }
    const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    return annotated ?? pod.spec?.containers[0]?.name ?? '';
  };

  return {
    async exec(request) {
      if (request.signal?.aborted) throw abortError();
      const container = request.container ?? (await defaultContainer(request));
      const { module, config } = await connect();
      const stdout = collector();
      const stderr = collector();
      let status: V1Status | undefined;
      let socket;
      try {
        socket = await new module.Exec(config).exec(
          request.namespace,
          request.pod,
          container,
          request.command,
          stdout.stream,
          stderr.stream,
          null,
          false,
          (received) => {
            status = received;
          },
        );
      } catch (caught) {
        // The websocket library rejects with an error event that wraps the network error.
        const error = (caught as { error?: unknown }).error ?? caught;
        if (networkReason(error)) throw connectionError(options.identity, error);
        throw environmentError(
          `cannot exec in pod ${request.pod} (namespace ${request.namespace}) on ${options.identity.server}: ${(error as Error).message}`,
          'the cluster needs a data plane (kind has one) and you need permission for pods/exec',
          error,
        );
      }
      const ws = socket;
      const outcome = await new Promise<'closed' | 'timeout' | 'aborted'>((resolve) => {
        const timer = setTimeout(() => finish('timeout'), request.timeoutMs);
        const onAbort = (): void => finish('aborted');
        request.signal?.addEventListener('abort', onAbort, { once: true });
        ws.on('close', () => finish('closed'));
        ws.on('error', () => finish('closed'));
        function finish(how: 'closed' | 'timeout' | 'aborted'): void {
          clearTimeout(timer);
          request.signal?.removeEventListener('abort', onAbort);
          if (how !== 'closed') ws.terminate();
          resolve(how);
        }
      });
      if (outcome === 'aborted') throw abortError();
      if (outcome === 'timeout') {
        const note = `timed out after ${request.timeoutMs} ms`;
        const err = stderr.text();
        return { stdout: stdout.text(), stderr: err ? `${err}\n${note}` : note, exitCode: EXEC_TIMEOUT_EXIT_CODE };
      }
      const exitCode = exitCodeOfStatus(status);
      if (exitCode === undefined) {
        throw environmentError(
          `exec of \`${request.command.join(' ')}\` in pod ${request.pod} failed: ${status?.message ?? 'unknown error'}`,
          'check that the command exists in the container image',
        );
      }
      const result: ExecResult = { stdout: stdout.text(), stderr: stderr.text(), exitCode };
      return result;
    },
  };
}
