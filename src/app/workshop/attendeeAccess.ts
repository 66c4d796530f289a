/**
 * An attendee's access to a workshop, read from the kubeconfig the instructor gave them: which
 * context, which lab and variables (fixed by the workshop), and whether the token still holds.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { environmentError, inputError, isUserError } from '../../errors.js';
import { type AttendeeConfig, attendeeConfigOf, tokenExpiry } from '../../core/workshop/attendeeConfig.js';
import { loadKubeconfig } from '../../adapters/kube/kubeconfig.js';

export interface AttendeeAccess {
  file: string;
  contextName: string;
  config: AttendeeConfig;
  /** The environment the attendee's commands run with: only this kubeconfig, the workshop's data plane. */
  env: NodeJS.ProcessEnv;
}

export const expiredError = (workshop: string): Error =>
  environmentError(
    'your workshop access has expired: ask the instructor',
    `the instructor can give you a new kubeconfig for workshop "${workshop}" (your work in the cluster is kept)`,
  );

/** Reads and checks the kubeconfig; an expired token is an environment error (exit 3) that says so. */
export function readAttendeeAccess(
  file: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  now: Date = new Date(),
): AttendeeAccess {
  const absolute = path.resolve(cwd, file);
  if (!existsSync(absolute))
    throw inputError(`--kubeconfig ${file}: no such file`, 'use the .kubeconfig file your instructor gave you');
  const kubeconfig = loadKubeconfig({ ...env, KUBECONFIG: absolute });
  const found = [...kubeconfig.contexts.values()]
    .map((context) => ({ name: context.name, config: attendeeConfigOf(context.value) }))
    .find((entry) => entry.config);
  if (!found?.config)
    throw inputError(
      `${file} is not a workshop kubeconfig (no context carries the k8s-labs.dev/workshop extension)`,
      'use the file `labs workshop create` wrote for you, or drop --kubeconfig and pass --context',
    );
  const { config } = found;
  const userName = kubeconfig.contexts.get(found.name)!.value.user;
  const token = kubeconfig.users.get(userName)?.value.token;
  const exp = token ? tokenExpiry(token) : undefined;
  const expiresMs = exp !== undefined ? exp * 1000 : Date.parse(config.expiresAt);
  if (Number.isFinite(expiresMs) && expiresMs <= now.getTime()) throw expiredError(config.workshop);
  return {
    file: absolute,
    contextName: found.name,
    config,
    env: { ...env, KUBECONFIG: absolute, K8S_LABS_DATA_PLANE: config.dataPlane ? 'on' : 'off' },
  };
}

/** A 401 from the API server: the attendee's token ran out or was revoked. */
export const rejectedCredentials = (error: unknown): boolean =>
  isUserError(error) && /rejected the credentials/.test(error.message);

/** A 401 from the API server means the token ran out (or was revoked) during the run. */
export function asExpired<T>(workshop: string, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (rejectedCredentials(error)) throw expiredError(workshop);
    throw error;
  });
}
