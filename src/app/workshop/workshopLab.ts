/** The lab of a workshop, refused when one of its steps needs rights outside the lab's namespaces. */
import { inputError } from '../../errors.js';
import path from 'node:path';
import { type Lab, labWhere } from '../../core/lab.js';
import { renderTemplate } from '../../core/template.js';
import { clusterWideNeeds, namespaceBlocks } from '../../core/workshop/clusterWide.js';
import { labVariables } from '../../core/labVariables.js';
import { readSolutionFiles } from '../../adapters/solutions/solutionFiles.js';

export function assertWorkshopReady(lab: Lab): void {
  const [block] = namespaceBlocks(labWhere(lab, 'workshop'));
  if (block)
    throw inputError(
      `lab "${lab.id}" cannot run in a workshop as written: step "${block.stepId}" runs \`${block.what}\` (${path.relative(lab.root, block.file)} line ${block.line}), and attendees cannot create or delete namespaces`,
      'mark that block ```sh run workshop=skip``` (and give the workshop its own way with workshop=only): see "Blocks for a workshop" in docs/authoring.md',
    );
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
