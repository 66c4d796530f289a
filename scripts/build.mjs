#!/usr/bin/env node
// Builds dist/: the CLI as one bundle per command (start-up speed), the built-in checkers
// compiled to JavaScript, the SDK's helpers with their type declarations, and the JSON Schemas in schemas/.
// `node scripts/build.mjs --schemas-only` refreshes schemas/ alone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { stringWidthFastPath } from './build/stringWidth.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const started = Date.now();
const schemasOnly = process.argv.includes('--schemas-only');

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // Ink only loads react-devtools-core when DEV=true.
  external: ['react-devtools-core'],
  // node-fetch (inside @kubernetes/client-node) reaches Node's built-in punycode, which Node 22+
  // deprecates with a warning on stderr for code outside node_modules: a checkout or `npm link`.
  // The userland package of the same name has the same API.
  alias: { punycode: 'punycode/' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** A TypeScript module of src/, bundled into a scratch file of dist/ and imported (the build has no TypeScript loader). */
async function importSource(rel) {
  const out = path.join(dist, `.${path.basename(rel, '.ts')}.mjs`);
  await esbuild.build({ ...common, entryPoints: [path.join(root, rel)], outfile: out });
  try {
    return await import(`${out}?t=${Date.now()}`);
  } finally {
    rmSync(out, { force: true });
  }
}

async function buildSchemas() {
  const { jsonSchemas } = await importSource('src/core/jsonSchema.ts');
  mkdirSync(path.join(root, 'schemas'), { recursive: true });
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    writeFileSync(path.join(root, 'schemas', name), `${JSON.stringify(schema, null, 2)}\n`);
  }
}

/**
 * Ink's layout engine, yoga, is an Emscripten module whose wasm is inlined as a data: URI. Its loader
 * reads that URI through `fetch` when a `fetch` exists, and on Node 20 the first touch of the global
 * `fetch` loads Node's whole bundled undici (~20 ms before the guide's first frame). Told there is
 * no fetch, the loader decodes the same base64 itself, synchronously.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, ({ path: file }) => {
      const source = readFileSync(file, 'utf8');
      const probe = '"function"!=typeof fetch';
      const found = source.split(probe).length - 1;
      if (found !== 2) {
        throw new Error(`${file}: expected 2 fetch probes in yoga's loader, found ${found}; update yogaWithoutFetch`);
      }
      return { contents: source.replaceAll(probe, 'true'), loader: 'js' };
    });
  },
};

/**
 * Ink turns on React DevTools when DEV=true is in the environment: it imports react-devtools-core
 * (not a dependency) and reads its own package.json beside its files, which inside a bundle is not
 * there, so a learner whose shell happens to set DEV=true got "unexpected failure: ENOENT ...
 * dist/package.json" instead of the guide. The bundles' Ink ignores DEV, and its devtools module
 * (which imports react-devtools-core at its top) is left out.
 */
const inkWithoutDevtools = {
  name: 'ink-without-devtools',
  setup(build) {
    build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]utils\.js$/ }, ({ path: file }) => {
      const source = readFileSync(file, 'utf8');
      const dev = "const isDev = () => process.env['DEV'] === 'true';";
      if (!source.includes(dev)) throw new Error(`${file}: expected "${dev}"; update inkWithoutDevtools`);
      return { contents: source.replace(dev, 'const isDev = () => false;'), loader: 'js' };
    });
    build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      /[\\/]ink[\\/]build[\\/]reconciler\.js$/.test(args.importer)
        ? { path: 'ink devtools', namespace: 'ink-devtools' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'ink-devtools' }, () => ({
      contents: "throw new Error('React DevTools are not part of k8s-labs');",
      loader: 'js',
    }));
  },
};

/**
 * In the bundle of one command, the table's imports of the other commands become a module that
 * fails when loaded: `dist/cli.js` never sends another command to this bundle, and the bundle
 * stays free of their code. `main` (help, --version, typos) holds no command.
 */
const onlyCommand = (name, takesKubeconfig) => ({
  name: 'only-command',
  setup(build) {
    const table = path.join(root, 'src', 'cli', 'commands.ts');
    build.onResolve({ filter: /^\.\/commands\/[a-z]+\.js$/ }, (args) => {
      if (args.importer !== table) return undefined;
      const other = /([a-z]+)\.js$/.exec(args.path)[1];
      return other === name ? undefined : { path: `\`labs ${other}\` command`, namespace: 'other-command' };
    });
    // main.ts loads the workshop attendee session only for --kubeconfig, which a command that does
    // not take it refuses first (attendeeCommands.ts): its bundle goes without (~140 KB).
    const main = path.join(root, 'src', 'cli', 'main.ts');
    build.onResolve({ filter: /attendeeSession\.js$/ }, (args) =>
      args.importer === main && !takesKubeconfig ? { path: 'attendee session', namespace: 'other-command' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'other-command' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`k8s-labs: the ${args.path} is not in the bundle of \`labs ${name}\``)});`,
      loader: 'js',
    }));
  },
});

/**
 * Packages that a command loads only on some runs (execa for kubectl and scripts, ws for a pod
 * exec) and that are big enough to slow every start if each bundle held them (~400 KB): bundled
 * once each into dist/vendor/<name>.js, which the command bundles import when first needed.
 * Each name lists what the project imports from the package.
 */
const vendored = { execa: ['execa'], ws: ['WebSocket'] };

const vendorImports = {
  name: 'vendor-imports',
  setup(build) {
    const src = path.join(root, 'src') + path.sep;
    build.onResolve({ filter: new RegExp(`^(${Object.keys(vendored).join('|')})$`) }, (args) =>
      args.importer.startsWith(src) ? { path: `../vendor/${args.path}.js`, external: true } : undefined,
    );
  },
};

async function buildVendor() {
  await Promise.all(
    Object.entries(vendored).map(([name, imports]) =>
      esbuild.build({
        ...common,
        stdin: { contents: `export { ${imports.join(', ')} } from '${name}';`, resolveDir: root, loader: 'js' },
        outfile: path.join(dist, 'vendor', `${name}.js`),
      }),
    ),
  );
}

/** The command names, and which of them take --kubeconfig, from src/cli/commandNames.ts. */
async function commandNames() {
  const names = await importSource('src/cli/commandNames.ts');
  return { all: [...names.commandNames], attendee: names.attendeeCommandNames };
}

/**
 * dist/cli.js picks one bundle per run, dist/cmd/<command>.js: everything the command may load in
 * one file (parts used only sometimes are evaluated on first use, not at start), so a run resolves
 * and compiles one file instead of a graph of ~20-50 shared chunks.
 */
async function buildCli() {
  await buildVendor();
  await esbuild.build({
    ...common,
    banner: {},
    entryPoints: { cli: path.join(root, 'src/cli.ts') },
    outdir: dist,
  });
  const names = await commandNames();
  await Promise.all(
    [...names.all, 'main'].map((name) =>
      esbuild.build({
        ...common,
        plugins: [
          yogaWithoutFetch,
          stringWidthFastPath,
          inkWithoutDevtools,
          onlyCommand(name, names.attendee.has(name)),
          vendorImports,
        ],
        entryPoints: { [name]: path.join(root, 'src/cli/run.ts') },
        outdir: path.join(dist, 'cmd'),
        sourcemap: 'linked',
      }),
    ),
  );
}

/** checkers/<lab>/<id>.ts -> dist/checkers/<lab>/<id>.js, so the package needs no build step at run time. */
async function buildCheckers() {
  const checkersDir = path.join(root, 'checkers');
  if (!existsSync(checkersDir)) return 0;
  const entryPoints = [];
  for (const entry of readdirSync(checkersDir, { withFileTypes: true })) {
    // Folders starting with _ hold helpers shared between labs; they are bundled into each check.
    if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
    const lab = entry.name;
    const labDir = path.join(checkersDir, lab);
    for (const name of readdirSync(labDir)) {
      if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.startsWith('_')) {
        entryPoints.push({ in: path.join(labDir, name), out: path.join(lab, name.replace(/\.ts$/, '')) });
      }
    }
  }
  if (entryPoints.length === 0) return 0;
  await esbuild.build({
    ...common,
    banner: {},
    entryPoints,
    outdir: path.join(dist, 'checkers'),
    // The SDK's helpers (readyEndpoints, rolloutPending, ...) are bundled into each check.
    alias: { ...common.alias, 'k8s-labs/sdk': path.join(root, 'src/sdk/index.ts') },
  });
  return entryPoints.length;
}

/** dist/sdk/index.js: the SDK's helpers, for authors' checkers (bundled in by `labs check`) and their tests. */
async function buildSdk() {
  await esbuild.build({
    ...common,
    banner: {},
    entryPoints: [path.join(root, 'src/sdk/index.ts')],
    outfile: path.join(dist, 'sdk', 'index.js'),
  });
}

function buildTypes() {
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      path.join(root, 'tsconfig.json'),
      '--emitDeclarationOnly',
    ],
    {
      stdio: 'inherit',
    },
  );
}

mkdirSync(dist, { recursive: true });
await buildSchemas();
if (!schemasOnly) {
  for (const stale of ['chunks', 'cmd', 'vendor', 'checkers', 'sdk'])
    rmSync(path.join(dist, stale), { recursive: true, force: true });
  await buildCli();
  const checkers = await buildCheckers();
  await buildSdk();
  buildTypes();
  const cli = path.join(dist, 'cli.js');
  writeFileSync(cli, readFileSync(cli, 'utf8').replace(/^(#!.*\n)?/, '#!/usr/bin/env node\n'), { mode: 0o755 });
  console.error(`built dist/ (${checkers} checkers) in ${Date.now() - started} ms`);
}
