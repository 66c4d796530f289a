/**
 * Runs a command in a pod through the API's exec endpoint: a websocket speaking the
 * v5.channel.k8s.io / v4.channel.k8s.io protocol (one channel byte, then the payload; stdout on 1,
 * stderr on 2, the exit Status as JSON on 3), on `ws` with the same credentials and TLS material as
 * the HTTP transport. Not through @kubernetes/client-node: loading that took ~300 ms of a check run.
 */
import type { V1Status } from '@kubernetes/client-node';
import { environmentError } from '../../errors.js';
import type { ClusterReader, ExecRequest, ExecResult, PodExec } from '../../core/ports.js';
import { runProcess } from '../process/run.js';
import { connectionError, networkReason, type ServerIdentity } from './apiErrors.js';
import { type CredentialSource, createCredentialSource, secureContextOf } from './credentials.js';
import { loadKubeconfig, resolveContext } from './kubeconfig.js';

/** The longest the websocket may take to open (the request's own timeout when shorter). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** The protocols we speak, preferred first (what kubectl 1.30+ offers, less the SPDY fallback). */
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export interface PodExecOptions {
  /** The pinned single-context kubeconfig. */
  kubeconfigPath: string;
  context: string;
  identity: ServerIdentity;
  reader: ClusterReader;
  /** The transport's credential source (shares its plugin cache); read from the kubeconfig when absent. */
  credentials?: CredentialSource;
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
  let credentials = options.credentials;
  const credentialSource = (): CredentialSource => {
    if (!credentials) {
      const resolved = resolveContext(loadKubeconfig({ KUBECONFIG: options.kubeconfigPath }), options.context);
      if (!resolved) {
        throw environmentError(
          `context "${options.context}" is not in ${options.kubeconfigPath}`,
          'run the command again; it rewrites that file',
        );
      }
      credentials = createCredentialSource(resolved, { run: runProcess, env: process.env });
    }
    return credentials;
  };
  const base = options.identity.server.replace(/\/+$/, '').replace(/^http/, 'ws');
  const execUrl = (request: ExecRequest, container: string): string => {
    const query = new URLSearchParams({ container, stdout: 'true', stderr: 'true' });
    for (const part of request.command) query.append('command', part);
    const pod = `${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}`;
    return `${base}/api/v1/namespaces/${pod}/exec?${query.toString()}`;
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
    const [{ WebSocket }, creds] = await Promise.all([import('ws'), credentialSource().get(request.signal)]);
    if (request.signal?.aborted) throw abortError();
    const where = `pod ${request.pod} (namespace ${request.namespace}) on ${options.identity.server}`;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let status: V1Status | undefined;
    let badStatus: string | undefined;

    const handshakeMs = Math.min(request.timeoutMs, HANDSHAKE_TIMEOUT_MS);
    const { rejectUnauthorized, servername } = creds.tls;
    const plain = base.startsWith('ws:');
    const ws = new WebSocket(execUrl(request, container), PROTOCOLS, {
      headers: { 'User-Agent': 'k8s-labs', ...creds.headers },
      ...(plain ? {} : { secureContext: secureContextOf(creds) }),
      ...(servername ? { servername } : {}),
      rejectUnauthorized,
      perMessageDeflate: false,
    });
    ws.on('message', (data: Buffer) => {
      const payload = data.subarray(1);
      const channel = data[0];
      if (channel === 1) stdout.push(payload);
      else if (channel === 2) stderr.push(payload);
      else if (channel === 3) {
        try {
          status = JSON.parse(payload.toString('utf8')) as V1Status;
        } catch {
          badStatus = payload.toString('utf8').slice(0, 200);
        }
      }
    });

    type Outcome =
      | { how: 'closed' | 'timeout' | 'aborted' | 'handshake-timeout' }
      | { how: 'error' | 'handshake-error'; error: Error };
    let open = false;
    const outcome = await new Promise<Outcome>((resolve) => {
      let done = false;
      // The handshake (TCP, TLS, upgrade) can hang on a half-dead server: it has a deadline of its
      // own, and the request's signal stops it too.
      const handshakeTimer = setTimeout(() => finish({ how: 'handshake-timeout' }), handshakeMs);
      const timer = setTimeout(() => finish({ how: 'timeout' }), request.timeoutMs);
      const onAbort = (): void => finish({ how: 'aborted' });
      request.signal?.addEventListener('abort', onAbort, { once: true });
      ws.on('open', () => {
        open = true;
        clearTimeout(handshakeTimer);
      });
      ws.on('close', () => finish({ how: 'closed' }));
      ws.on('error', (error: Error) => finish({ how: open ? 'error' : 'handshake-error', error }));
      function finish(result: Outcome): void {
        if (done) return;
        done = true;
        clearTimeout(handshakeTimer);
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        if (result.how !== 'closed') ws.terminate();
        resolve(result);
      }
    });
    if (outcome.how === 'aborted') throw abortError();
    if (outcome.how === 'handshake-timeout') {
      throw environmentError(
        `the exec connection to ${where} did not open within ${handshakeMs} ms`,
        options.identity.nextStep,
      );
    }
    if (outcome.how === 'handshake-error') {
      const { error } = outcome;
      if (networkReason(error)) throw connectionError(options.identity, error);
      const message = error.message ?? '';
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
    }
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
      const before = "before the command's exit status arrived";
      const why =
        outcome.how === 'error'
          ? `the connection failed (${outcome.error.message}) ${before}`
          : badStatus !== undefined
            ? `the exit status it sent is not JSON (${badStatus})`
            : `the connection closed ${before}`;
      throw environmentError(
        `exec of \`${command}\` in ${where}: ${why}`,
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
    const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('utf8');
    return { stdout: text(stdout), stderr: text(stderr), exitCode };
  };
  return { exec: (request) => run(true, request) };
}
