/**
 * `labs workshop create`: applies every attendee's objects (server-side apply, so running it again
 * changes nothing that is right already), asks the API for a bound token per attendee and writes
 * their kubeconfig (mode 0600). Attendees are made a few at a time; each one's progress is reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jsYaml } from '../../core/jsYaml.js';
import type { Lab } from '../../core/lab.js';
import { type AttendeeConfig, attendeeKubeconfig } from '../../core/workshop/attendeeConfig.js';
import { ATTENDEE_ACCOUNT } from '../../core/workshop/names.js';
import { type AttendeePlan, type Manifest, planAttendee } from '../../core/workshop/plan.js';
import { connectCluster } from '../../adapters/connect.js';
import { writeFileAtomic } from '../../adapters/fs/atomicFile.js';
import { applyObject, requestToken } from '../../adapters/kube/writes.js';
import type { KubeTransport } from '../../adapters/kube/transport.js';
import { mapLimited } from './pool.js';
import { assertWorkshopReady } from './workshopLab.js';

export interface WorkshopRequest {
  name: string;
  lab: Lab;
  attendees: string[];
}

export interface CreateOptions {
  context: string;
  env: NodeJS.ProcessEnv;
  durationSeconds: number;
  outDir: string;
  /** API server URL written into the kubeconfigs, when attendees reach it by another address. */
  server?: string;
  concurrency?: number;
  signal?: AbortSignal;
  onAttendee?(event: { attendee: string; done: number; total: number; kubeconfig: string }): void;
}

export interface CreatedAttendee {
  attendee: string;
  namespace: string;
  kubeconfig: string;
  expiresAt: string;
}

/** Every attendee's objects, checked first: a lab that needs cluster-wide rights is refused here. */
export function planWorkshop({ name, lab, attendees }: WorkshopRequest): AttendeePlan[] {
  assertWorkshopReady(lab);
  return attendees.map((attendee) => planAttendee({ workshop: name, lab, attendee }));
}

/** The plan as a YAML stream, for --dry-run. */
export const planYaml = (plans: readonly AttendeePlan[]): string =>
  plans
    .flatMap((plan) => plan.objects)
    .map((object) => jsYaml().dump(object, { lineWidth: -1, noRefs: true }))
    .join('---\n');

const contextName = (workshop: string, attendee: string): string => `${workshop}-${attendee}`;

/** The CA of the instructor's context, to put in attendees' kubeconfigs. */
function clusterAuthority(kubeconfigPath: string): { caData?: string; insecure?: boolean } {
  const doc = jsYaml().load(readFileSync(kubeconfigPath, 'utf8')) as {
    clusters?: { cluster?: Record<string, unknown> }[];
  };
  const cluster = doc.clusters?.[0]?.cluster ?? {};
  const caData = cluster['certificate-authority-data'];
  return {
    ...(typeof caData === 'string' ? { caData } : {}),
    ...(cluster['insecure-skip-tls-verify'] === true ? { insecure: true } : {}),
  };
}

async function applyAll(transport: KubeTransport, objects: readonly Manifest[], signal?: AbortSignal): Promise<void> {
  // Namespaces first: everything else lives in one of them.
  const namespaces = objects.filter((object) => object.kind === 'Namespace');
  await Promise.all(namespaces.map((object) => applyObject(transport, object, signal)));
  await Promise.all(
    objects.filter((object) => object.kind !== 'Namespace').map((object) => applyObject(transport, object, signal)),
  );
}

export async function createWorkshop(request: WorkshopRequest, options: CreateOptions): Promise<CreatedAttendee[]> {
  const plans = planWorkshop(request);
  const { session, transport } = await connectCluster({ context: options.context, env: options.env });
  try {
    const { dataPlane } = await session.capabilities();
    const authority = clusterAuthority(session.target.kubeconfigPath);
    const server = options.server ?? session.target.server;
    let done = 0;
    return await mapLimited(plans, options.concurrency ?? 8, async (plan) => {
      await applyAll(transport, plan.objects, options.signal);
      const { token, expiresAt } = await requestToken(
        transport,
        plan.home,
        ATTENDEE_ACCOUNT,
        options.durationSeconds,
        options.signal,
      );
      const config: AttendeeConfig = {
        workshop: request.name,
        lab: request.lab.id,
        attendee: plan.attendee,
        vars: plan.vars,
        namespaces: plan.labNamespaces,
        home: plan.home,
        expiresAt,
        dataPlane,
      };
      const doc = attendeeKubeconfig({
        config,
        contextName: contextName(request.name, plan.attendee),
        server,
        token,
        ...authority,
      });
      const kubeconfig = path.join(options.outDir, `${plan.attendee}.kubeconfig`);
      writeFileAtomic(kubeconfig, jsYaml().dump(doc, { lineWidth: -1, noRefs: true }));
      done += 1;
      options.onAttendee?.({ attendee: plan.attendee, done, total: plans.length, kubeconfig });
      return { attendee: plan.attendee, namespace: plan.vars['namespace']!, kubeconfig, expiresAt };
    });
  } finally {
    session.close();
  }
}
