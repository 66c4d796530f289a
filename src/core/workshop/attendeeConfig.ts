/**
 * What an attendee's kubeconfig carries besides the token: the workshop, the lab and the variable
 * values it fixed for them, in an extension of their one context. The attendee's commands read it
 * (so the variables cannot be overridden), and it says when the access ends.
 */
import * as v from 'valibot';

export const WORKSHOP_EXTENSION = 'k8s-labs.dev/workshop';

export const attendeeConfigSchema = v.object({
  workshop: v.string(),
  lab: v.string(),
  attendee: v.string(),
  /** The lab's variables for this attendee. */
  vars: v.record(v.string(), v.string()),
  /** The lab namespaces (rendered), where the attendee has rights. */
  namespaces: v.array(v.string()),
  /** Where their ledger ConfigMap lives. */
  home: v.string(),
  /** When the token expires (ISO time). */
  expiresAt: v.string(),
  /** Whether the cluster runs pods for real, decided when the workshop was made. */
  dataPlane: v.boolean(),
});
export type AttendeeConfig = v.InferOutput<typeof attendeeConfigSchema>;

export interface AttendeeKubeconfigInput {
  config: AttendeeConfig;
  contextName: string;
  server: string;
  caData?: string;
  insecure?: boolean;
  token: string;
}

/** The attendee's kubeconfig document: one cluster, one user (the bound token), one context. */
export function attendeeKubeconfig(input: AttendeeKubeconfigInput): Record<string, unknown> {
  const { config, contextName } = input;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': contextName,
    clusters: [
      {
        name: config.workshop,
        cluster: {
          server: input.server,
          ...(input.caData ? { 'certificate-authority-data': input.caData } : {}),
          ...(input.insecure ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    users: [{ name: contextName, user: { token: input.token } }],
    contexts: [
      {
        name: contextName,
        context: {
          cluster: config.workshop,
          user: contextName,
          namespace: config.vars['namespace'],
          extensions: [{ name: WORKSHOP_EXTENSION, extension: config }],
        },
      },
    ],
  };
}

/** The workshop extension of a context entry, undefined when it has none or it is malformed. */
export function attendeeConfigOf(context: unknown): AttendeeConfig | undefined {
  const extensions = (context as { extensions?: unknown } | undefined)?.extensions;
  if (!Array.isArray(extensions)) return undefined;
  const entry = extensions.find((item) => (item as { name?: unknown })?.name === WORKSHOP_EXTENSION) as
    { extension?: unknown } | undefined;
  const parsed = v.safeParse(attendeeConfigSchema, entry?.extension);
  return parsed.success ? parsed.output : undefined;
}

/** The expiry of a JWT (seconds since the epoch), read without verifying it; undefined if unreadable. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
