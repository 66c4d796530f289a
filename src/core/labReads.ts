/**
 * What a lab reads outside its own namespaces (`reads:` in lab.yaml). A workshop grants each
 * attendee read-only access to exactly these, so they must be specific: `labs validate` refuses
 * an entry in the lab's own namespaces (it needs no declaring) and secrets read without names.
 */
import type { LabManifest, LabRead } from './schema.js';
import { renderTemplate } from './template.js';

/** One `reads` entry that cannot be granted as written. */
export interface ReadProblem {
  keyPath: PropertyKey[];
  message: string;
  fix: string;
}

/** The `reads` entries with variables rendered. */
export function renderedReads(reads: readonly LabRead[], vars: Readonly<Record<string, string>>): LabRead[] {
  return reads.map((read) => ({
    ...read,
    ...(read.namespace === undefined ? {} : { namespace: renderTemplate(read.namespace, vars) }),
  }));
}

export function readProblems(manifest: LabManifest, vars: Readonly<Record<string, string>>): ReadProblem[] {
  const owned = new Set(manifest.owns.namespaces.map((name) => renderTemplate(name, vars)));
  const problems: ReadProblem[] = [];
  renderedReads(manifest.reads, vars).forEach((read, index) => {
    const what = `${read.resource}${read.apiGroup ? `.${read.apiGroup}` : ''}`;
    if (read.namespace !== undefined && owned.has(read.namespace)) {
      problems.push({
        keyPath: ['reads', index, 'namespace'],
        message: `reads ${what} in namespace "${read.namespace}", which the lab owns`,
        fix: 'remove the entry: reads declares only what lies outside the lab’s own namespaces',
      });
    }
    if (read.resource === 'secrets' && !read.names?.length) {
      problems.push({
        keyPath: ['reads', index],
        message: `reads every secret${read.namespace ? ` in namespace "${read.namespace}"` : ' of the cluster'}`,
        fix: 'name the secrets the lab reads (names: [...]): a workshop grants attendees exactly what is declared',
      });
    }
  });
  return problems;
}
