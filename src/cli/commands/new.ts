import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { ExitCode, inputError } from '../../errors.js';
import { packageRoot } from '../../adapters/fs/packageRoot.js';
import { defineCommand, valueOptionOr } from '../command.js';

/** Placeholders of templates/lab; not `{{...}}`, which lab content itself uses for variables. */
const LAB_ID = '__LAB_ID__';
const LAB_TITLE = '__LAB_TITLE__';

/** The GitHub workflow shipped in the package, copied into lab repositories. */
const WORKFLOW = path.join('.github', 'workflows', 'labs.yml');

const templateDir = (): string => path.join(packageRoot(), 'templates', 'lab');

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(path.join(dir, name)).isDirectory() ? templateFiles(path.join(dir, name), rel) : [rel];
    });
}

/** "demo-lab" -> "Demo lab". */
const titleOf = (id: string): string => {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export default defineCommand({
  name: 'new',
  summary: 'scaffold a new lab that validates at once',
  positionals: [{ name: 'lab-id', description: 'id of the new lab: lower-case letters, digits and dashes' }],
  options: v.object({
    dir: valueOptionOr('.', 'content root to create it in (holding labs/, checkers/, solutions/)'),
  }),
  examples: ['labs new my-lab', 'labs new my-lab --dir ../my-labs'],
  async run({ args, options, out, cwd }) {
    const id = args[0]!;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(id)) {
      throw inputError(
        `"${id}" is not a valid lab id`,
        'use lower-case letters, digits and dashes, e.g. `labs new service-basics`',
      );
    }
    const root = path.resolve(cwd, options.dir);
    const source = templateDir();
    const files = templateFiles(source).map((rel) => ({
      from: path.join(source, rel),
      to: path.join(root, rel.split(LAB_ID).join(id)),
    }));
    const taken = [path.join(root, 'labs', id), ...files.map((file) => file.to)].filter((file) => existsSync(file));
    if (taken.length > 0) {
      throw inputError(
        `not overwriting: ${taken.map((file) => path.relative(cwd, file) || file).join(', ')} already exist${taken.length === 1 ? 's' : ''}`,
        'choose another lab id, or remove the existing files first',
      );
    }
    for (const file of files) {
      const text = readFileSync(file.from, 'utf8').split(LAB_ID).join(id).split(LAB_TITLE).join(titleOf(id));
      mkdirSync(path.dirname(file.to), { recursive: true });
      writeFileSync(file.to, text, { flag: 'wx' });
    }
    // The first lab of a repository also gets the CI workflow that runs `labs test` on kind, and a
    // package.json pinning this k8s-labs, so the schema comment, `k8s-labs/sdk` types and CI resolve.
    const version = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
      .version;
    const workflow = path.join(root, WORKFLOW);
    if (!existsSync(workflow)) {
      mkdirSync(path.dirname(workflow), { recursive: true });
      const text = readFileSync(path.join(packageRoot(), WORKFLOW), 'utf8').replace(
        /^( {2}K8S_LABS_VERSION: ).*$/m,
        `$1"${version}"`,
      );
      writeFileSync(workflow, text, { flag: 'wx' });
      files.push({ from: WORKFLOW, to: workflow });
    }
    const manifest = path.join(root, 'package.json');
    if (!existsSync(manifest)) {
      const pkg = {
        name:
          path
            .basename(root)
            .toLowerCase()
            .replace(/[^a-z0-9-]/g, '-') || 'labs',
        private: true,
        type: 'module',
        scripts: { validate: 'labs validate', test: 'labs test --all' },
        devDependencies: { 'k8s-labs': version },
      };
      writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`, { flag: 'wx' });
      files.push({ from: 'package.json', to: manifest });
    }
    const shown = (file: string): string => path.relative(cwd, file) || file;
    const labDir = shown(path.join(root, 'labs', id));
    if (out.json) {
      out.writeJson({ lab: id, root, files: files.map((file) => shown(file.to)) });
      return ExitCode.ok;
    }
    out.line(`Created lab ${out.style.bold(id)}:`);
    for (const file of files) out.line(`  ${shown(file.to)}`);
    out.line('');
    out.line('Next:');
    out.line('  npm install                     # the pinned k8s-labs: types for checkers, schemas for lab.yaml');
    out.line(`  labs validate ${labDir}        # passes as it is`);
    out.line(`  labs test ${labDir}            # on a cluster: checks fail before and pass after the solution`);
    out.line('  then replace the example with your own steps: every TODO in those files says what goes there.');
    out.line(`  ${shown(workflow)} runs labs validate, prepare and test on kind in GitHub Actions (docs/lab-ci.md).`);
    return ExitCode.ok;
  },
});
