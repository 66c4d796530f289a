/**
 * An HTTP GET made from inside a pod with the tools its image has: curl, else wget (busybox).
 * The URL and the timeout are passed as arguments to `sh -c`, never spliced into the script.
 */
import type { HttpResult } from '../../sdk/index.js';
import type { ExecResult } from '../ports.js';

const WGET_MARKER = 'k8s-labs:wget';
const NO_CLIENT_EXIT = 127;

const SCRIPT = [
  'if command -v curl >/dev/null 2>&1; then',
  `  exec curl -sS -m "$2" --connect-timeout "$3" -o - -w '\\n%{http_code}' "$1"`,
  'elif command -v wget >/dev/null 2>&1; then',
  `  echo '${WGET_MARKER}' >&2`,
  // No -q: GNU wget would then hide the reason for a failure.
  '  exec wget -S -T "$2" -t 1 -O - "$1"',
  'else',
  "  echo 'neither curl nor wget is installed in this container' >&2",
  `  exit ${NO_CLIENT_EXIT}`,
  'fi',
].join('\n');

/**
 * The command to exec in the pod. curl gives up connecting after half the time: inside a cluster
 * a connection is made in milliseconds, or, to a Service port that nothing forwards, never, and a
 * check expected to fail there need not wait out the whole time (a lost SYN is sent again after 1 s).
 */
export function httpProbeCommand(url: string, timeoutSeconds: number): string[] {
  const seconds = Math.max(1, Math.ceil(timeoutSeconds));
  return ['sh', '-c', SCRIPT, 'k8s-labs-http', url, String(seconds), String(Math.max(1, Math.ceil(seconds / 2)))];
}

const firstLine = (text: string): string =>
  text
    .trim()
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim() ?? '';

/** Reads curl's "-w '\n%{http_code}'" trailer or wget's "-S" headers into an HttpResult. */
export function parseHttpProbe(result: ExecResult): HttpResult {
  if (result.stderr.includes(WGET_MARKER)) return parseWget(result);
  if (result.exitCode === NO_CLIENT_EXIT && !result.stdout) {
    return { ok: false, status: 0, body: '', error: firstLine(result.stderr) || 'no HTTP client in the container' };
  }
  const cut = result.stdout.lastIndexOf('\n');
  const code = Number(result.stdout.slice(cut + 1).trim());
  const body = cut >= 0 ? result.stdout.slice(0, cut) : '';
  const status = Number.isInteger(code) ? code : 0;
  if (status === 0) return { ok: false, status: 0, body, error: curlError(result.stderr) };
  return { ok: status >= 200 && status < 400, status, body };
}

function parseWget(result: ExecResult): HttpResult {
  const statuses = [...result.stderr.matchAll(/HTTP\/\d(?:\.\d)?\s+(\d{3})/g)].map((match) => Number(match[1]));
  const status = statuses.at(-1) ?? 0;
  if (status === 0) {
    const message =
      result.stderr
        .split('\n')
        .filter((line) => line.trim() && !line.includes(WGET_MARKER))
        .at(-1) ?? '';
    return {
      ok: false,
      status: 0,
      body: result.stdout,
      error: message.replace(/^wget:\s*/, '').trim() || `wget exited with ${result.exitCode}`,
    };
  }
  return { ok: status >= 200 && status < 400, status, body: result.stdout };
}

/** "curl: (6) Could not resolve host: web" -> "could not resolve host: web". */
function curlError(stderr: string): string {
  const line = firstLine(stderr).replace(/^curl:\s*(\(\d+\)\s*)?/, '');
  if (!line) return 'no response';
  return line.charAt(0).toLowerCase() + line.slice(1);
}
