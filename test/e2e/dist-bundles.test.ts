/**
 * The built CLI as it ships: one bundle per command in dist/cmd/ (src/cli.ts picks it), packages
 * loaded only on some runs in dist/vendor/. Each loads without a deprecation warning on the Node
 * that runs it (nodePath: Node 22 and 24 under `npm run test:node`): Node stays quiet about
 * deprecated APIs used inside node_modules, but dist/ in a checkout or through `npm link` is not
 * inside one, and a warning on stderr breaks the TUI's frame.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attendeeCommandNames, commandNames } from '../../src/cli/commandNames.js';
import { cliPath, nodePath, repoRoot, runBin, tempDir } from '../helpers/bin.js';

const cmdDir = path.join(repoRoot, 'dist', 'cmd');
const vendorDir = path.join(repoRoot, 'dist', 'vendor');
const bundles = readdirSync(cmdDir).filter((name) => name.endsWith('.js'));
const vendored = readdirSync(vendorDir).filter((name) => name.endsWith('.js'));

function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      nodePath,
      args,
      { env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

describe('dist/', () => {
  it('holds one bundle per command, and main for help, --version and typos', () => {
    expect(bundles.sort()).toEqual([...commandNames, 'main'].map((name) => `${name}.js`).sort());
  });

  it('keeps the packages used only sometimes out of the command bundles', () => {
    expect(vendored.sort()).toEqual(['execa.js', 'ws.js']);
    const check = readFileSync(path.join(cmdDir, 'check.js'), 'utf8');
    expect(check).toContain('"../vendor/ws.js"');
    // ws's sender, execa's argument parser: present only in the vendored copies.
    for (const bundle of bundles) {
      const text = readFileSync(path.join(cmdDir, bundle), 'utf8');
      expect(text, bundle).not.toContain('Sec-WebSocket-Key');
      expect(text, bundle).not.toContain('execaCommand');
    }
  });

  it('measures text in the guide with the fast path of both versions of string-width', () => {
    for (const bundle of ['start.js', 'workshop.js']) {
      const text = readFileSync(path.join(cmdDir, bundle), 'utf8');
      expect(text.match(/function stringWidthBySegments\d*\(/g), bundle).toHaveLength(2);
    }
  });

  it("never reaches Node's built-in punycode, which Node 22+ deprecates", () => {
    for (const file of [...bundles.map((b) => path.join(cmdDir, b)), ...vendored.map((v) => path.join(vendorDir, v))]) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/(require\(|from |import\()\s*["'](node:)?punycode["']/);
    }
  });

  it.each(commandNames)('labs %s --help runs from its bundle with --throw-deprecation', async (name) => {
    const result = await node(['--throw-deprecation', cliPath, name, '--help']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`labs ${name}`);
    expect(result.code).toBe(0);
  });

  it('main runs --help, --version and a typo with --throw-deprecation', async () => {
    expect((await node(['--throw-deprecation', cliPath, '--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await node(['--throw-deprecation', cliPath])).stdout).toContain('Commands:');
    const typo = await node(['--throw-deprecation', cliPath, 'chek']);
    expect(typo.stderr).toContain('did you mean `labs check`?');
    expect(typo.code).toBe(2);
  });

  it('each vendored package loads whole with --throw-deprecation', async () => {
    const load = `for (const f of JSON.parse(process.env.FILES)) await import(f); console.log('loaded');`;
    const files = JSON.stringify(vendored.map((name) => `file://${path.join(vendorDir, name)}`));
    const result = await node(['--throw-deprecation', '--input-type=module', '-e', load], { FILES: files });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('loaded');
  });

  // Bundles of commands that refuse --kubeconfig go without the attendee session: the refusal must
  // come first, from every one of them.
  const validArgs: Record<string, string[]> = {
    cluster: ['status'],
    prepare: ['clusterip'],
    new: ['my-lab'],
    workshop: ['status', 'class'],
  };
  it.each(commandNames.filter((name) => !attendeeCommandNames.has(name)))(
    'labs %s --kubeconfig is refused before anything else',
    async (name) => {
      const args = [name, ...(validArgs[name] ?? []), '--kubeconfig', path.join(tempDir(), 'attendee.yaml')];
      const result = await runBin(args, { cwd: tempDir() });
      expect(result.stderr).toMatch(/error: .*(--kubeconfig|workshop)/);
      expect(result.stderr).not.toContain('not in the bundle');
      expect(result.code).toBe(2);
    },
  );

  it.each([...attendeeCommandNames])(
    'labs %s --kubeconfig reaches the attendee session in its bundle',
    async (name) => {
      const missing = path.join(tempDir(), 'attendee.yaml');
      const args: Record<string, string[]> = {
        start: [],
        answer: ['clusterip', 'q', '1'],
        jump: ['clusterip', 'step'],
      };
      const result = await runBin([name, ...(args[name] ?? ['clusterip']), '--kubeconfig', missing], {
        cwd: tempDir(),
      });
      expect(result.stderr).not.toContain('not in the bundle');
      expect(result.stderr).toMatch(/error: .*attendee\.yaml/);
      expect(result.code).toBeGreaterThan(1);
    },
  );
});
