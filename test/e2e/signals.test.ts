/**
 * `kill <pid>` and a closed terminal (SIGTERM, SIGHUP) end the built CLI without leaving any
 * child process behind. Children run in their own (detached) process groups, which receive no
 * signal of their own when the CLI dies; a fake `docker` that `labs doctor` starts stands in
 * for any long-running child, with a background process that ignores SIGTERM and SIGHUP.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliPath, nodePath, repoRoot, tempDir } from '../helpers/bin.js';
import { groupMembers } from '../helpers/processGroups.js';

const FAKE_DOCKER = `#!/bin/bash
(trap '' TERM HUP; exec sleep 60) </dev/null >/dev/null 2>&1 &
echo "$$" > "$K8S_LABS_TEST_MARKER"
while true; do sleep 0.1; done
`;

describe.skipIf(process.platform !== 'linux')('the CLI on SIGTERM and SIGHUP', () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    test(`${signal} ends it and every child process group`, async () => {
      if (!existsSync(cliPath))
        throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
      const dir = tempDir('k8s-labs-signals-');
      const bin = path.join(dir, 'bin');
      const marker = path.join(dir, 'docker.pid');
      mkdirSync(bin);
      writeFileSync(path.join(bin, 'docker'), FAKE_DOCKER);
      chmodSync(path.join(bin, 'docker'), 0o755);

      const cli = spawn(nodePath, [cliPath, 'doctor'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env['PATH'] ?? ''}`,
          NO_COLOR: '1',
          K8S_LABS_STATE_DIR: path.join(dir, 'state'),
          KUBECONFIG: path.join(dir, 'no-kubeconfig'),
          K8S_LABS_TEST_MARKER: marker,
        },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
      let group = 0;
      try {
        await expect
          .poll(() => existsSync(marker) && readFileSync(marker, 'utf8').trim() !== '', {
            timeout: 10_000,
            interval: 50,
          })
          .toBe(true);
        group = Number(readFileSync(marker, 'utf8'));
        expect(groupMembers(group).length).toBeGreaterThanOrEqual(2);

        cli.kill(signal);
        const started = performance.now();
        await exited;
        // Well before the doctor's own 4 s probe limit (and its 2 s SIGTERM grace) would end it.
        expect(performance.now() - started).toBeLessThan(3900);
        await expect.poll(() => groupMembers(group), { timeout: 2000, interval: 50 }).toEqual([]);
      } finally {
        // Whatever happened, leave nothing running.
        cli.kill('SIGKILL');
        if (group > 0) {
          try {
            process.kill(-group, 'SIGKILL');
          } catch {
            // Already gone, as it should be.
          }
        }
      }
    }, 30_000);
  }
});

describe('the CLI when the reader of its output goes away (`labs list | head`)', () => {
  test('stops quietly with 141, as after SIGPIPE, not with a stack trace', async () => {
    const cli = spawn(nodePath, [cliPath, 'list'], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', K8S_LABS_STATE_DIR: path.join(tempDir('k8s-labs-pipe-'), 'state') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the CLI writes anything: every write of its output fails with EPIPE.
    cli.stdout.destroy();
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.on('close', (status) => resolve(status)));
    expect(stderr).toBe('');
    expect(code).toBe(141);
  });
});
