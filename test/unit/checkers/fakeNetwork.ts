/**
 * A stand-in data plane for checker tests: DNS names and cluster IPs lead to Services, Services
 * pick a ready endpoint in turn (as kube-proxy would, but predictably), and each lab image
 * answers the way the real one does on the ports it really listens on.
 */
import type { V1Container } from '@kubernetes/client-node';
import type { ExecResult, HttpResult, V1Pod, V1Service } from 'k8s-labs/sdk';
import { type FakeCluster, NODE_IP, matchesSelector } from './fakeCluster.js';

type Route = { pod: V1Pod; port: number } | { error: string };

const isReady = (pod: V1Pod): boolean =>
  pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** Ports the container's program listens on, by image, as the real images behave. */
export function listeningPorts(container: V1Container): number[] {
  const image = container.image ?? '';
  const args = [...(container.command ?? []), ...(container.args ?? [])];
  const flag = (name: string): number | undefined => {
    const arg = args.find((a) => a.startsWith(`--${name}=`) || a.startsWith(`-${name}=`));
    return arg ? Number(arg.split('=')[1]) : undefined;
  };
  if (image.startsWith('nginx:')) return [80];
  if (image.startsWith('traefik/whoami:')) {
    const env = container.env?.find((e) => e.name === 'WHOAMI_PORT_NUMBER')?.value;
    return [flag('port') ?? (env ? Number(env) : 80)];
  }
  if (image.includes('/agnhost:') && args.includes('netexec')) return [flag('http-port') ?? 8080];
  if (image.startsWith('mongo:')) return [27017];
  return [];
}

function answer(pod: V1Pod, container: V1Container, path: string, from: V1Pod): string {
  const image = container.image ?? '';
  const name = pod.metadata!.name!;
  if (image.startsWith('nginx:'))
    return '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n</html>\n';
  if (image.startsWith('traefik/whoami:')) {
    return `Hostname: ${name}\nIP: 127.0.0.1\nIP: ${pod.status?.podIP}\nRemoteAddr: ${from.status?.podIP}:40312\nGET ${path} HTTP/1.1\n`;
  }
  if (image.includes('/agnhost:')) return path === '/hostname' ? name : 'NOW: 2025-01-01 00:00:00.000000000 +0000 UTC';
  return 'It looks like you are trying to access MongoDB over HTTP on the native driver port.\n';
}

export class FakeNetwork {
  private readonly turns = new Map<string, number>();

  constructor(private readonly cluster: FakeCluster) {}

  /** Where a connection from `from` to host:port ends up. */
  route(from: V1Pod, host: string, port: number): Route {
    if (host === 'localhost' || host === '127.0.0.1') return { pod: from, port };
    const pods = this.cluster.list('Pod');
    const services = this.cluster.list('Service');
    const byIp = (ip: string): Route | undefined => {
      const service = services.find((s) => s.spec?.clusterIP === ip);
      if (service) return this.viaService(service, (p) => p.port === port);
      const pod = pods.find((p) => p.status?.podIP === ip);
      if (pod) return { pod, port };
      if (ip === NODE_IP) {
        const exposed = services.find((s) => s.spec?.ports?.some((p) => p.nodePort === port));
        return exposed ? this.viaService(exposed, (p) => p.nodePort === port) : { error: 'connection refused' };
      }
      return undefined;
    };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return byIp(host) ?? { error: 'connection timed out' };
    const [name, namespace = from.metadata?.namespace, ...rest] = host.split('.');
    const suffix = rest.join('.');
    if (!['', 'svc', 'svc.cluster.local'].includes(suffix)) return { error: `could not resolve host: ${host}` };
    const service = services.find((s) => s.metadata?.name === name && s.metadata?.namespace === namespace);
    if (!service) return { error: `could not resolve host: ${host}` };
    return this.viaService(service, (p) => p.port === port);
  }

  private viaService(service: V1Service, matches: (port: { port: number; nodePort?: number }) => boolean): Route {
    const entry = service.spec?.ports?.find(matches);
    if (!entry) return { error: 'connection refused' };
    const selector = service.spec?.selector ?? {};
    const ready = this.cluster
      .list('Pod', service.metadata?.namespace)
      .filter((pod) => matchesSelector(selector, pod.metadata?.labels) && isReady(pod));
    if (ready.length === 0) return { error: 'connection refused' };
    const key = `${service.metadata?.namespace}/${service.metadata?.name}`;
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, turn + 1);
    const pod = ready[turn % ready.length]!;
    const target = entry.targetPort ?? entry.port;
    const named = pod.spec?.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
    if (typeof target === 'string' && named === undefined) return { error: 'connection refused' };
    return { pod, port: named ?? Number(target) };
  }

  httpGet(from: V1Pod, url: string): HttpResult {
    const client = from.spec?.containers[0]?.image ?? '';
    if (!/^nginx:|\/agnhost:/.test(client)) {
      return { ok: false, status: 0, body: '', error: 'neither curl nor wget is installed in this container' };
    }
    const parsed = new URL(url);
    const route = this.route(from, parsed.hostname, Number(parsed.port || 80));
    if ('error' in route) return { ok: false, status: 0, body: '', error: route.error };
    const container = route.pod.spec?.containers.find((c) => listeningPorts(c).includes(route.port));
    if (!container || !isReady(route.pod))
      return {
        ok: false,
        status: 0,
        body: '',
        error: `failed to connect to ${parsed.hostname} port ${route.port}: connection refused`,
      };
    return { ok: true, status: 200, body: answer(route.pod, container, parsed.pathname, from) };
  }

  /** Supports the one command checks run directly: `/agnhost connect host:port`. */
  exec(pod: V1Pod, command: readonly string[]): ExecResult {
    const [program, verb, target] = command;
    if (!program?.endsWith('agnhost') || verb !== 'connect' || !target)
      throw new Error(`the fake data plane cannot run ${command.join(' ')}`);
    if (!(pod.spec?.containers[0]?.image ?? '').includes('/agnhost:')) {
      return { exitCode: 126, stdout: '', stderr: `exec: "${program}": no such file or directory` };
    }
    const [host, port] = target.split(':');
    const route = this.route(pod, host!, Number(port));
    const listening =
      !('error' in route) && route.pod.spec?.containers.some((c) => listeningPorts(c).includes(route.port));
    if (listening) return { exitCode: 0, stdout: '', stderr: '' };
    return { exitCode: 1, stdout: '', stderr: 'error: REFUSED' };
  }
}
