/**
 * `labs doctor` as a pure function: what the probes found in, one pass/warn/fail line per check
 * with the exact next step out, and the exit code (3 when anything blocks a lab).
 */
import { ExitCode } from '../../errors.js';
import { dockerDaemonHint, installHint, KIND_VERSION } from './installHints.js';
import { compareVersions, formatVersion, minorSkew, parseVersion } from './versions.js';

export interface ToolProbe {
  /** The executable is on PATH. */
  found: boolean;
  /** Version as printed by the tool (client version for kubectl, daemon version for Docker). */
  version?: string;
  error?: string;
}

export interface DoctorProbes {
  platform: string;
  /** The context every command will use. */
  context: string;
  /** The context is the lab's own kind cluster, which needs Docker and kind. */
  labCluster: boolean;
  clusterName: string;
  /** `found`: the docker CLI exists; `daemon`: its daemon answered. */
  docker: ToolProbe & { daemon: boolean };
  kind: ToolProbe;
  kubectl: ToolProbe;
  /** Whether kind lists the lab cluster; undefined when kind could not say. */
  kindClusterExists?: boolean;
  kubeconfig: { files: string[]; contextFound: boolean; server?: string; contexts?: string[]; error?: string };
  /** The API server probe; undefined when there was no context to probe. */
  api?: { reachable: boolean; serverVersion?: string; error?: string; nodes?: number; nodesReady?: number };
}

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface DoctorCheck {
  id: 'docker' | 'kind' | 'kubectl' | 'cluster' | 'context';
  title: string;
  status: CheckStatus;
  message: string;
  /** What to do, for warn and fail. */
  next?: string;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  exitCode: ExitCode;
}

const check = (
  id: DoctorCheck['id'],
  title: string,
  status: CheckStatus,
  message: string,
  next?: string,
): DoctorCheck => ({
  id,
  title,
  status,
  message,
  ...(next ? { next } : {}),
});

function dockerCheck(p: DoctorProbes): DoctorCheck {
  const notNeeded = p.labCluster ? '' : ` (needed only for the local kind cluster; you use context ${p.context})`;
  const status: CheckStatus = p.labCluster ? 'fail' : 'warn';
  if (!p.docker.found)
    return check('docker', 'Docker', status, `docker is not installed${notNeeded}`, installHint('docker', p.platform));
  if (!p.docker.daemon) {
    const detail = p.docker.error ? `: ${p.docker.error}` : '';
    return check(
      'docker',
      'Docker',
      status,
      `the Docker daemon is not reachable${detail}${notNeeded}`,
      dockerDaemonHint(p.platform, p.docker.error),
    );
  }
  return check(
    'docker',
    'Docker',
    'pass',
    `daemon reachable${p.docker.version ? ` (Docker ${p.docker.version})` : ''}`,
  );
}

function kindCheck(p: DoctorProbes): DoctorCheck {
  if (!p.kind.found) {
    const notNeeded = p.labCluster ? '' : ` (needed only for the local kind cluster; you use context ${p.context})`;
    return check(
      'kind',
      'kind',
      p.labCluster ? 'fail' : 'warn',
      `kind is not installed${notNeeded}`,
      installHint('kind', p.platform),
    );
  }
  const version = parseVersion(p.kind.version);
  const wanted = parseVersion(KIND_VERSION)!;
  if (version && compareVersions(version, wanted) < 0) {
    return check(
      'kind',
      'kind',
      'warn',
      `kind ${formatVersion(version)} is older than ${KIND_VERSION}, the release the lab's node image is built for`,
      installHint('kind', p.platform),
    );
  }
  return check('kind', 'kind', 'pass', version ? `kind ${formatVersion(version)}` : 'kind found');
}

function kubectlCheck(p: DoctorProbes): DoctorCheck {
  if (!p.kubectl.found)
    return check('kubectl', 'kubectl', 'fail', 'kubectl is not installed', installHint('kubectl', p.platform));
  const client = parseVersion(p.kubectl.version);
  const server = parseVersion(p.api?.serverVersion);
  const clientText = client ? `kubectl ${formatVersion(client)}` : 'kubectl found';
  if (client && server) {
    const skew = minorSkew(client, server);
    if (skew > 1) {
      return check(
        'kubectl',
        'kubectl',
        'warn',
        `${clientText}, server ${formatVersion(server)}: more than one minor version apart, some commands may misbehave`,
        `install kubectl ${server.major}.${server.minor} (${installHint('kubectl', p.platform).replace(/^install kubectl: /, '')})`,
      );
    }
    return check('kubectl', 'kubectl', 'pass', `${clientText} (server ${formatVersion(server)})`);
  }
  return check('kubectl', 'kubectl', 'pass', clientText);
}

function clusterCheck(p: DoctorProbes): DoctorCheck {
  const title = p.labCluster ? `cluster ${p.clusterName}` : 'cluster';
  if (p.labCluster && p.kindClusterExists === false) {
    return check(
      'cluster',
      title,
      'fail',
      `there is no kind cluster named "${p.clusterName}"`,
      'run `labs cluster up` to create it',
    );
  }
  if (p.kubeconfig.error)
    return check('cluster', title, 'fail', 'cannot check it: the kubeconfig cannot be read', contextNext(p));
  if (!p.kubeconfig.contextFound || !p.api) {
    return check(
      'cluster',
      title,
      'fail',
      `cannot check it: context ${p.context} is not in your kubeconfig`,
      contextNext(p),
    );
  }
  if (!p.api.reachable) {
    return check(
      'cluster',
      title,
      'fail',
      p.api.error ?? `the API server ${p.kubeconfig.server ?? ''} does not answer`,
      p.labCluster
        ? 'run `labs cluster up` (it starts stopped node containers), or `labs cluster down` then `labs cluster up`'
        : `check that the cluster of context "${p.context}" is running and that you can reach ${p.kubeconfig.server ?? 'its server'} (VPN, firewall)`,
    );
  }
  const version = p.api.serverVersion ? `Kubernetes ${p.api.serverVersion}` : 'answers';
  const nodes = p.api.nodes ?? 0;
  const ready = p.api.nodesReady ?? 0;
  const nodeText = p.api.nodes === undefined ? '' : `, ${ready}/${nodes} node${nodes === 1 ? '' : 's'} Ready`;
  if (p.api.nodes !== undefined && (nodes === 0 || ready < nodes)) {
    return check(
      'cluster',
      title,
      'warn',
      `answers at ${p.kubeconfig.server} (${version}${nodeText})`,
      p.labCluster
        ? 'run `labs cluster up`: it waits until the node is Ready'
        : `\`kubectl --context ${p.context} describe nodes\` shows why`,
    );
  }
  return check('cluster', title, 'pass', `answers at ${p.kubeconfig.server} (${version}${nodeText})`);
}

function contextNext(p: DoctorProbes): string {
  if (p.kubeconfig.error)
    return p.labCluster ? 'run `labs cluster up`' : 'fix the kubeconfig, or set KUBECONFIG to the right file';
  if (p.labCluster) return 'run `labs cluster up`: it creates the cluster and its context';
  const others = p.kubeconfig.contexts?.length ? ` (available: ${p.kubeconfig.contexts.slice(0, 6).join(', ')})` : '';
  return `pass --context NAME or set K8S_LABS_CONTEXT to a context in your kubeconfig${others}`;
}

function contextCheck(p: DoctorProbes): DoctorCheck {
  if (p.kubeconfig.error) return check('context', 'context', 'fail', p.kubeconfig.error, contextNext(p));
  if (p.kubeconfig.files.length === 0)
    return check('context', 'context', 'fail', 'no kubeconfig file found', contextNext(p));
  if (!p.kubeconfig.contextFound) {
    return check(
      'context',
      'context',
      'fail',
      `context ${p.context} is not in ${p.kubeconfig.files.join(', ')}`,
      contextNext(p),
    );
  }
  const how = p.labCluster ? 'the lab cluster' : 'chosen with --context / K8S_LABS_CONTEXT';
  return check(
    'context',
    'context',
    'pass',
    `${p.context} (${how}), server ${p.kubeconfig.server}; your current-context is not used`,
  );
}

export function evaluateDoctor(probes: DoctorProbes): DoctorReport {
  const checks = [
    dockerCheck(probes),
    kindCheck(probes),
    kubectlCheck(probes),
    clusterCheck(probes),
    contextCheck(probes),
  ];
  return { checks, exitCode: checks.some((item) => item.status === 'fail') ? ExitCode.environment : ExitCode.ok };
}
