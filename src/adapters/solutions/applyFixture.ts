/**
 * Applies a wrong-answer fixture on top of the current state, and removes it again. Whether
 * removing its objects is enough to restore the state (it only created new objects) is decided
 * before applying, by asking which of its objects exist already.
 */
import yaml from 'js-yaml';
import type { Lab } from '../../core/lab.js';
import { renderDeep } from '../../core/labTest/labVariables.js';
import type { AppliedFixture } from '../../core/labTest/types.js';
import type { Fixture } from '../../core/schema.js';
import { renderTemplate } from '../../core/template.js';
import type { SolutionOptions, SolutionSession } from './applySolution.js';
import { ensureNamespaces } from './applySolution.js';
import { applyManifest, deleteManifest, deleteObject, existingObjects } from './kubectlOps.js';

/** The fixture's objects as one multi-document YAML manifest, variables rendered. */
export function fixtureManifest(fixture: Fixture, vars: Readonly<Record<string, string>>): string {
  return fixture.apply.map((object) => yaml.dump(renderDeep(object, vars), { noRefs: true, lineWidth: -1 })).join('---\n');
}

export async function applyFixture(
  session: SolutionSession,
  lab: Lab,
  fixture: Fixture,
  vars: Readonly<Record<string, string>>,
  options: SolutionOptions = {},
): Promise<AppliedFixture> {
  const manifests = fixtureManifest(fixture, vars);
  // Fixtures of a first step start from a reset cluster, without the lab's namespace.
  await ensureNamespaces(session, lab, vars, options);
  const existing = manifests ? await existingObjects(session.kubectl, manifests, options) : [];
  for (const object of fixture.delete) {
    const rendered = {
      kind: object.kind,
      name: renderTemplate(object.name, vars),
      ...(object.namespace === undefined ? {} : { namespace: renderTemplate(object.namespace, vars) }),
    };
    await deleteObject(session.kubectl, rendered, `fixture: deleting ${rendered.kind}/${rendered.name}`, options);
  }
  if (manifests) await applyManifest(session.kubectl, manifests, 'fixture: kubectl apply', options);
  return { createdOnly: fixture.delete.length === 0 && existing.length === 0, manifests };
}

/** Deletes the objects a fixture created (and their dependents), waiting until they are gone. */
export async function removeFixture(session: SolutionSession, applied: AppliedFixture, options: SolutionOptions = {}): Promise<void> {
  if (applied.manifests) await deleteManifest(session.kubectl, applied.manifests, 'fixture: deleting its objects', options);
}
