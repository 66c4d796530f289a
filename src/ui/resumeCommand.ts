/**
 * The command that opens a lab again as this session did: same cluster (`--context`) and same
 * variables, or the resume hint would point at a cluster or namespace the learner is not using. A
 * workshop attendee resumes with their `--kubeconfig`, which fixes both (and refuses the others).
 */
import { renderForShell } from '../core/labVariables.js';

const quote = (value: string): string => renderForShell('{{v}}', { v: value });

export function resumeCommand(
  labId: string,
  contextFlag: string | undefined,
  vars: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
  kubeconfigFlag?: string,
): string {
  const parts = ['k8s-labs start', labId];
  if (kubeconfigFlag) return [...parts, `--kubeconfig ${quote(kubeconfigFlag)}`].join(' ');
  if (contextFlag) parts.push(`--context ${quote(contextFlag)}`);
  for (const [name, value] of Object.entries(vars))
    if (defaults[name] !== value) parts.push(`--var ${quote(`${name}=${value}`)}`);
  return parts.join(' ');
}
