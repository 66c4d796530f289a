/**
 * Applies a wrong-answer fixture on top of the current state, and removes it again. Whether
 * removing its objects is enough to restore the state (it only created new objects) is decided
 * before applying, by asking which of its objects exist already. A fixture may only change the
 * namespaces the lab owns: anything else is refused before the cluster is touched.
 */
import { jsYaml } from '../../core/jsYaml.js';
import type { Lab } from '../../core/lab.js';
import { foreignFixtureEntries, ownedTargets } from '../../core/labNamespaces.js';
import { renderDeep, renderLabYaml } from '../../core/labVariables.js';
import { readLabFile } from './labFolderFiles.js';
import type { AppliedFixture } from '../../core/labTest/types.js';
import type { Fixture } from '../../core/schema.js';
import { renderTemplate } from '../../core/template.js';
import { ApplyError } from './applyError.js';
import type { SolutionOptions, SolutionSession } from './applySolution.js';
import { applyManifest, createNamespaces, deleteManifest, deleteObject, existingObjects } from './kubectlOps.js';

/** The fixture's objects as one multi-document YAML manifest, variables rendered. */
export function fixtureManifest(fixture: Fixture, vars: Readonly<Record<string, string>>): string {
  return fixture.apply
    .map((object) => jsYaml().dump(renderDeep(object, vars), { noRefs: true, lineWidth: -1 }))
    .join('---\n');
}

export async function applyFixture(
  session: SolutionSession,
  lab: Lab,
  fixture: Fixture,
  vars: Readonly<Record<string, string>>,
  options: SolutionOptions = {},
): Promise<AppliedFixture> {
  const foreign = foreignFixtureEntries(fixture, vars, ownedTargets(lab, vars).namespaces);
  if (foreign.length > 0) {
    throw new ApplyError(
      `refusing to apply the fixture: ${foreign.map((entry) => entry.message).join('; ')}`,
      '',
      `put its objects in one of the lab's namespaces (owns.namespaces); \`labs validate ${lab.id}\` lists them`,
    );
  }
  const manifests = [
    fixtureManifest(fixture, vars),
    ...fixture.applyFiles.map((rel) => renderLabYaml(lab, readLabFile(lab, rel), vars)),
  ]
    .filter((text) => text.trim() !== '')
    .join('\n---\n');
  await ensureFixtureNamespaces(session, fixture, vars, options);
  const existing = manifests ? await existingObjects(session, manifests, options) : [];
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

/**
 * Creates the namespaces the fixture's entries live in, unless the fixture creates them itself:
 * fixtures of a first step start from a reset cluster, without the lab's namespace.
 */
async function ensureFixtureNamespaces(
  session: SolutionSession,
  fixture: Fixture,
  vars: Readonly<Record<string, string>>,
  options: SolutionOptions,
): Promise<void> {
  const metadataOf = (object: Record<string, unknown>) => (object['metadata'] ?? {}) as Record<string, unknown>;
  const rendered = (names: unknown[]): string[] =>
    names.filter((name): name is string => typeof name === 'string').map((name) => renderTemplate(name, vars));
  const created = new Set(
    rendered(
      fixture.apply.filter((object) => object['kind'] === 'Namespace').map((object) => metadataOf(object)['name']),
    ),
  );
  const used = rendered([
    ...fixture.apply.map((object) => metadataOf(object)['namespace']),
    ...fixture.delete.map((object) => object.namespace),
  ]);
  const wanted = [...new Set(used)].filter((name) => !created.has(name));
  await createNamespaces(session, wanted, options);
}

/** Deletes the objects a fixture created (and their dependents), waiting until they are gone. */
export async function removeFixture(
  session: SolutionSession,
  applied: AppliedFixture,
  options: SolutionOptions = {},
): Promise<void> {
  if (applied.manifests)
    await deleteManifest(session.kubectl, applied.manifests, 'fixture: deleting its objects', options);
}
