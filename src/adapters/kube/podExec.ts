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

/** The longest the websocket may take to open (the request's own timeout when shorter). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

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

/**
 * The exit code in an exec Status: 0 on Success, the ExitCode cause on NonZeroExitCode; undefined
 * for other failures and when no Status arrived (the outcome is unknown).
 */
export function exitCodeOfStatus(status: V1Status | undefined): number | undefined {
  if (!status) return undefined;
  if (status.status === 'Success') return 0;
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

/**
 * A shell script that kills (SIGKILL) every process in the container whose argv is exactly the
 * arguments after it, except PID 1 (the container itself) and itself.
 */
const STOP_SCRIPT = [
  'want="$(printf \'%s \' "$@")"',
  'for p in /proc/[0-9]*; do',
  '  n="${p#/proc/}"',
  '  [ "$n" = 1 ] || [ "$n" = "$$" ] && continue',
  '  [ "$(tr \'\\000\' \' \' < "$p/cmdline" 2>/dev/null)" = "$want" ] && kill -9 "$n" 2>/dev/null',
  'done',
  'exit 0',
].join('\n');

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

  /**
   * The container to exec in, after checking that it exists and runs: without this the API answers
   * a bare "400" for a missing container and for a pod that is not running.
   */
  const runningContainer = async (request: ExecRequest): Promise<string> => {
    const pod = await options.reader.get('Pod', request.pod, request.namespace, request.signal);
    if (!pod) {
      throw environmentError(
        `pod ${request.pod} does not exist in namespace ${request.namespace}`,
        `check with \`kubectl get pod ${request.pod} -n ${request.namespace}\`; an earlier step may create it`,
      );
    }
    const names = pod.spec?.containers.map((c) => c.name) ?? [];
    const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    const container = request.container ?? annotated ?? names[0] ?? '';
    if (!names.includes(container)) {
      throw environmentError(
        `pod ${request.pod} has no container "${container}" (its containers: ${names.join(', ') || 'none'})`,
        `check the container name with \`kubectl get pod ${request.pod} -n ${request.namespace} -o jsonpath='{.spec.containers[*].name}'\``,
      );
    }
    const state = pod.status?.containerStatuses?.find((c) => c.name === container)?.state;
    if (pod.status?.phase !== 'Running' || !state?.running) {
      const waiting = state?.waiting?.reason ?? state?.terminated?.reason;
      throw environmentError(
        `pod ${request.pod} is not running yet (phase ${pod.status?.phase ?? 'unknown'}${waiting ? `, container ${container}: ${waiting}` : ''}), so nothing can run in it`,
        `wait for it with \`kubectl wait --for=condition=Ready pod/${request.pod} -n ${request.namespace}\`, or see why with \`kubectl describe pod ${request.pod} -n ${request.namespace}\``,
      );
    }
    return container;
  };

  /** Best effort: true when a second exec could look for the timed-out command and kill it. */
  const stopCommand = async (request: ExecRequest, container: string): Promise<boolean> => {
    try {
      // The stop itself is never stopped: a stop that times out just reports false.
      const result = await run(false, {
        namespace: request.namespace,
        pod: request.pod,
        container,
        command: ['sh', '-c', STOP_SCRIPT, 'k8s-labs-stop', ...request.command],
        timeoutMs: Math.min(request.timeoutMs, 5000),
      });
      return result.exitCode === 0;
    } catch {
      return false;
    }
  };

  const run = async (stopOnTimeout: boolean, request: ExecRequest): Promise<ExecResult> => {
    if (request.signal?.aborted) throw abortError();
    const container = await runningContainer(request);
    const { module, config } = await connect();
    if (request.signal?.aborted) throw abortError();
    const where = `pod ${request.pod} (namespace ${request.namespace}) on ${options.identity.server}`;
    const stdout = collector();
    const stderr = collector();
    let status: V1Status | undefined;

    // The handshake (TCP, TLS, upgrade) can hang on a half-dead server: the request's signal and a
    // deadline abort it through the signal option the websocket passes on to https.request.
    const handshakeMs = Math.min(request.timeoutMs, HANDSHAKE_TIMEOUT_MS);
    const handshake = new AbortController();
    let handshakeTimedOut = false;
    const stopHandshake = (): void => handshake.abort();
    request.signal?.addEventListener('abort', stopHandshake, { once: true });
    const handshakeTimer = setTimeout(() => {
      handshakeTimedOut = true;
      handshake.abort();
    }, handshakeMs);
    // The same kubeconfig, whose socket options also carry the handshake's signal.
    const signalled = Object.create(config) as typeof config;
    signalled.applyToHTTPSOptions = async (socketOptions) => {
      await config.applyToHTTPSOptions(socketOptions);
      Object.assign(socketOptions, { signal: handshake.signal });
    };
    let socket;
    try {
      socket = await new module.Exec(signalled).exec(
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
      if (request.signal?.aborted) throw abortError();
      if (handshakeTimedOut) {
        throw environmentError(
          `the exec connection to ${where} did not open within ${handshakeMs} ms`,
          options.identity.nextStep,
          caught,
        );
      }
      // The websocket library rejects with an error event that wraps the network error.
      const error = (caught as { error?: unknown }).error ?? caught;
      if (networkReason(error)) throw connectionError(options.identity, error);
      const message = (error as Error).message ?? '';
      if (/\b403\b/.test(message)) {
        throw environmentError(
          `you may not run commands in ${where}: exec needs both \`get\` and \`create\` on pods/exec (WebSocket exec asks for both since Kubernetes 1.35)`,
          `check with \`kubectl auth can-i create pods/exec -n ${request.namespace}\` and \`kubectl auth can-i get pods/exec -n ${request.namespace}\`; ask whoever runs the cluster to grant both`,
          error,
        );
      }
      throw environmentError(
        `cannot exec in ${where}: ${message}`,
        'the cluster needs a data plane (kind has one), and you need `get` and `create` on `pods/exec`',
        error,
      );
    } finally {
      clearTimeout(handshakeTimer);
      request.signal?.removeEventListener('abort', stopHandshake);
    }
    const ws = socket;
    type Outcome = { how: 'closed' | 'timeout' | 'aborted' } | { how: 'error'; error: Error };
    const outcome = await new Promise<Outcome>((resolve) => {
      let done = false;
      const timer = setTimeout(() => finish({ how: 'timeout' }), request.timeoutMs);
      const onAbort = (): void => finish({ how: 'aborted' });
      request.signal?.addEventListener('abort', onAbort, { once: true });
      ws.on('close', () => finish({ how: 'closed' }));
      ws.on('error', (error: Error) => finish({ how: 'error', error }));
      // Frames that came with the upgrade response are handled before these listeners exist.
      if (ws.readyState === ws.CLOSED) finish({ how: 'closed' });
      function finish(result: Outcome): void {
        if (done) return;
        done = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        if (result.how !== 'closed') ws.terminate();
        resolve(result);
      }
    });
    if (outcome.how === 'aborted') throw abortError();
    const command = request.command.join(' ');
    if (outcome.how === 'timeout') {
      // Closing the stream does not stop the command: the kubelet leaves it running.
      const stopped = stopOnTimeout && (await stopCommand(request, container));
      throw environmentError(
        `\`${command}\` in ${where} did not finish within ${request.timeoutMs} ms; ` +
          (stopped ? 'it was stopped' : 'it may still be running (the container has no shell to stop it with)'),
        "give the command a time limit of its own (curl -m, wget -T), shorter than the check's",
      );
    }
    // Without a Status the command's outcome is unknown: a broken connection is not a success.
    if (!status) {
      const why =
        outcome.how === 'error' ? `the connection failed (${outcome.error.message})` : 'the connection closed';
      throw environmentError(
        `exec of \`${command}\` in ${where}: ${why} before the command's exit status arrived`,
        'run the check again; if it keeps failing, run `labs doctor`',
        outcome.how === 'error' ? outcome.error : undefined,
      );
    }
    const exitCode = exitCodeOfStatus(status);
    if (exitCode === undefined) {
      throw environmentError(
        `exec of \`${command}\` in pod ${request.pod} failed: ${status.message ?? 'unknown error'}`,
        'check that the command exists in the container image',
      );
    }
    const result: ExecResult = { stdout: stdout.text(), stderr: stderr.text(), exitCode };
    return result;
  };
  return { exec: (request) => run(true, request) };
}
