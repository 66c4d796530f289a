/**
 * Reading kubeconfig files the way kubectl does (KUBECONFIG as a path list, first name wins,
 * paths relative to the file that names them), and writing a kubeconfig that holds one context
 * only, with files inlined: kubectl and lab shells pointed at it cannot reach any other cluster.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsYaml } from '../../core/jsYaml.js';
import { environmentError } from '../../errors.js';

export interface ExecCredentialConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: string;
}

/** The `cluster` entry of a kubeconfig; only the fields we use are typed. */
export interface ClusterEntry {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  [field: string]: unknown;
}

/** The `user` entry of a kubeconfig. */
export interface UserEntry {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: ExecCredentialConfig;
  [field: string]: unknown;
}

interface ContextEntry {
  cluster: string;
  user: string;
  namespace?: string;
}

interface Named<T> {
  name: string;
  value: T;
  /** The file it came from, for messages. */
  file: string;
}

/** Every kubeconfig file merged, as kubectl sees it. */
export interface Kubeconfig {
  /** The files that exist, in KUBECONFIG order. */
  files: string[];
  currentContext?: string;
  contexts: Map<string, Named<ContextEntry>>;
  clusters: Map<string, Named<ClusterEntry>>;
  users: Map<string, Named<UserEntry>>;
}

/** One context with its cluster and user, file paths made absolute. */
export interface ResolvedContext {
  name: string;
  clusterName: string;
  userName: string;
  namespace?: string;
  cluster: ClusterEntry;
  user: UserEntry;
  /** The file that defines the context. */
  file: string;
}

/** The files kubectl would read: KUBECONFIG (path list) or ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string[] {
  const list = env['KUBECONFIG'];
  if (list) {
    const delimiter = platform === 'win32' ? ';' : ':';
    return [
      ...new Set(
        list
          .split(delimiter)
          .filter(Boolean)
          .map((file) => path.resolve(file)),
      ),
    ];
  }
  const home = env['HOME'] || env['USERPROFILE'] || os.homedir();
  return [path.join(home, '.kube', 'config')];
}

const asArray = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];

function absolutise<T extends Record<string, unknown>>(entry: T, fields: readonly string[], dir: string): T {
  const copy: Record<string, unknown> = { ...entry };
  for (const field of fields) {
    const value = copy[field];
    if (typeof value === 'string' && value && !path.isAbsolute(value)) copy[field] = path.resolve(dir, value);
  }
  return copy as T;
}

function absolutiseUser(user: UserEntry, dir: string): UserEntry {
  const copy = absolutise(user, ['client-certificate', 'client-key', 'tokenFile'], dir);
  // An exec command given as a relative path (not a bare name looked up on PATH) is file-relative.
  if (copy.exec?.command && /[\\/]/.test(copy.exec.command) && !path.isAbsolute(copy.exec.command)) {
    copy.exec = { ...copy.exec, command: path.resolve(dir, copy.exec.command) };
  }
  return copy;
}

/** Parses one kubeconfig document; throws an environment error naming the file when it is not YAML. */
export function parseKubeconfigText(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = jsYaml().load(text);
  } catch (error) {
    throw environmentError(
      `${file} is not a valid kubeconfig: ${(error as Error).message.split('\n')[0]}`,
      `fix or remove ${file}`,
      error,
    );
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw environmentError(`${file} is not a valid kubeconfig`, `fix or remove ${file}`);
  return doc as Record<string, unknown>;
}

/** Reads and merges the kubeconfig files; `files` is empty when none exists. */
export function loadKubeconfig(env: NodeJS.ProcessEnv): Kubeconfig {
  const config: Kubeconfig = { files: [], contexts: new Map(), clusters: new Map(), users: new Map() };
  for (const file of kubeconfigPaths(env)) {
    if (!existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw environmentError(
        `cannot read ${file}: ${(error as Error).message}`,
        `check the permissions of ${file}`,
        error,
      );
    }
    const doc = parseKubeconfigText(text, file);
    const dir = path.dirname(file);
    config.files.push(file);
    const current = doc['current-context'];
    if (!config.currentContext && typeof current === 'string' && current) config.currentContext = current;
    for (const item of asArray(doc['clusters'])) {
      const name = String(item['name'] ?? '');
      const cluster = item['cluster'] as ClusterEntry | undefined;
      if (name && cluster && !config.clusters.has(name)) {
        config.clusters.set(name, { name, file, value: absolutise(cluster, ['certificate-authority'], dir) });
      }
    }
    for (const item of asArray(doc['users'])) {
      const name = String(item['name'] ?? '');
      const user = (item['user'] ?? {}) as UserEntry;
      if (name && !config.users.has(name)) config.users.set(name, { name, file, value: absolutiseUser(user, dir) });
    }
    for (const item of asArray(doc['contexts'])) {
      const name = String(item['name'] ?? '');
      const context = item['context'] as ContextEntry | undefined;
      if (name && context && !config.contexts.has(name)) config.contexts.set(name, { name, file, value: context });
    }
  }
  return config;
}

/** The named context with its cluster and user, or undefined when the context is not there. */
export function resolveContext(config: Kubeconfig, name: string): ResolvedContext | undefined {
  const context = config.contexts.get(name);
  if (!context) return undefined;
  const cluster = config.clusters.get(context.value.cluster);
  if (!cluster || typeof cluster.value.server !== 'string') {
    throw environmentError(
      `context "${name}" in ${context.file} names cluster "${context.value.cluster}", which has no server entry`,
      `fix the kubeconfig, or re-create the context (for the lab cluster: \`kind export kubeconfig --name <cluster>\`)`,
    );
  }
  const user = config.users.get(context.value.user)?.value ?? {};
  return {
    name,
    clusterName: context.value.cluster,
    userName: context.value.user,
    ...(context.value.namespace ? { namespace: context.value.namespace } : {}),
    cluster: cluster.value,
    user,
    file: context.file,
  };
}

function readBase64(file: string, what: string, context: string): string {
  try {
    return readFileSync(file).toString('base64');
  } catch (error) {
    throw environmentError(
      `cannot read the ${what} of context "${context}" (${file}): ${(error as Error).message}`,
      'fix the path in your kubeconfig',
      error,
    );
  }
}

/**
 * A kubeconfig holding only this context, with certificate files inlined (like
 * `kubectl config view --minify --flatten --context NAME`). Written as JSON, which is YAML and
 * which kubectl reads alike: js-yaml's dump looks at every character of the inlined certificates
 * to choose a scalar style, about 8 ms of every command that opens the cluster.
 */
export function minifiedKubeconfig(context: ResolvedContext): string {
  const cluster: Record<string, unknown> = { ...context.cluster };
  const ca = cluster['certificate-authority'];
  if (typeof ca === 'string' && ca && !cluster['certificate-authority-data']) {
    cluster['certificate-authority-data'] = readBase64(ca, 'certificate authority', context.name);
  }
  delete cluster['certificate-authority'];
  delete cluster['extensions'];

  const user: Record<string, unknown> = { ...context.user };
  for (const [file, data, what] of [
    ['client-certificate', 'client-certificate-data', 'client certificate'],
    ['client-key', 'client-key-data', 'client key'],
  ] as const) {
    const value = user[file];
    if (typeof value === 'string' && value && !user[data]) user[data] = readBase64(value, what, context.name);
    delete user[file];
  }
  delete user['extensions'];

  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': context.name,
    clusters: [{ name: context.clusterName, cluster }],
    users: [{ name: context.userName, user }],
    contexts: [
      {
        name: context.name,
        context: {
          cluster: context.clusterName,
          user: context.userName,
          ...(context.namespace ? { namespace: context.namespace } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
