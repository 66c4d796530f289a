/** The lab of a workshop, refused when one of its steps needs rights outside the lab's namespaces. */
import { inputError } from '../../errors.js';
import type { Lab } from '../../core/lab.js';
import { renderTemplate } from '../../core/template.js';
import { clusterWideNeeds } from '../../core/workshop/clusterWide.js';
import { labVariables } from '../../core/labVariables.js';
import { readSolutionFiles } from '../../adapters/solutions/solutionFiles.js';

export function assertWorkshopReady(lab: Lab): void {
  const vars = labVariables(lab);
  const owned = lab.manifest.owns.namespaces.map((name) => renderTemplate(name, vars));
  const needs = clusterWideNeeds(
    lab.steps.map((step) => ({ stepId: step.id, files: readSolutionFiles(lab, step.id) ?? [] })),
    owned,
    (text) => renderTemplate(text, vars),
  );
  const owns = lab.manifest.owns.objects.map((object) => `${object.kind} "${object.name}" (owns.objects)`);
  if (needs.length === 0 && owns.length === 0) return;
  const first = needs[0];
  throw inputError(
    first
      ? `lab "${lab.id}" cannot run in a workshop: step "${first.stepId}" needs cluster-wide rights for ${first.what}`
      : `lab "${lab.id}" cannot run in a workshop: it owns cluster-scoped ${owns[0]}`,
    'attendees have rights in their own namespaces only; run this lab on each attendee’s own kind cluster instead',
  );
}
