/** The process runner, with real processes: streaming, exit codes, timeouts and aborts that kill the whole tree. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, test } from 'vitest';
import { CommandNotFoundError, lineSplitter, runProcess } from '../../../src/adapters/process/run.js';
import { tempDir } from '../../helpers/bin.js';
import { groupMembers } from '../../helpers/processGroups.js';

/** Running (a zombie counts as gone: in containers PID 1 may never reap orphans). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
};

// The leader (bash) dies on SIGTERM at once; its background child ignores SIGTERM and holds no
// pipe, so only a SIGKILL to the group ends it.
const STUBBORN_CHILD = `(trap '' TERM; exec sleep 60) </dev/null >/dev/null 2>&1 & echo "group $$"; while true; do sleep 0.1; done`;

describe('runProcess', () => {
  test('streams stdout and stderr line by line and returns the whole output and exit code', async () => {
    const lines: string[] = [];
    const result = await runProcess('bash', ['-c', 'echo one; echo two >&2; printf three; exit 4'], {
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(result).toMatchObject({ exitCode: 4, stdout: 'one\nthree', stderr: 'two', timedOut: false, aborted: false });
    expect(lines).toEqual(expect.arrayContaining(['stdout:one', 'stderr:two', 'stdout:three']));
    expect(lines).toHaveLength(3);
  });

  test('passes environment and stdin, never through the command line', async () => {
    const result = await runProcess('bash', ['-c', 'read -r line; echo "$GREETING $line"'], {
      env: { GREETING: 'hello' },
      input: 'world; rm -rf /\n',
    });
    expect(result.stdout).toBe('hello world; rm -rf /');
  });

  test('a missing executable is a CommandNotFoundError', async () => {
    await expect(runProcess('k8s-labs-no-such-tool', [])).rejects.toBeInstanceOf(CommandNotFoundError);
  });

  test('a timeout kills the whole process group, including background children', async () => {
    const started = performance.now();
    const result = await runProcess('bash', ['-c', 'sleep 30 & echo "child $!"; while true; do sleep 0.05; done'], {
      timeoutMs: 300,
    });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).not.toBe(0);
    const child = Number(/child (\d+)/.exec(result.stdout)?.[1]);
    expect(child).toBeGreaterThan(0);
    await expect.poll(() => alive(child), { timeout: 3000 }).toBe(false);
  });

  test('an abort stops a `while true; do curl` style loop promptly and leaves no orphan', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const running = runProcess('bash', ['-c', 'echo "pid $$"; while true; do sleep 1; echo tick; done'], {
      signal: controller.signal,
      onLine: (line) => {
        lines.push(line);
        if (line.startsWith('pid')) controller.abort();
      },
    });
    const started = performance.now();
    const result = await running;
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.aborted).toBe(true);
    const pid = Number(lines[0]?.split(' ')[1]);
    await expect.poll(() => alive(pid), { timeout: 3000 }).toBe(false);
  });

  test.skipIf(process.platform !== 'linux')(
    'an abort kills a background child that ignores SIGTERM, with its whole group',
    async () => {
      const controller = new AbortController();
      let group = 0;
      const result = await runProcess('bash', ['-c', `trap '' TERM; sleep 60 & echo "group $$"; wait`], {
        signal: controller.signal,
        onLine: (line) => {
          if (!line.startsWith('group ')) return;
          group = Number(line.split(' ')[1]);
          controller.abort();
        },
      });
      expect(result.aborted).toBe(true);
      expect(group).toBeGreaterThan(0);
      await expect.poll(() => groupMembers(group), { timeout: 5000, interval: 100 }).toEqual([]);
    },
  );

  test.skipIf(process.platform !== 'linux')(
    'no child outlives the Node process that aborted it, even one ignoring SIGTERM',
    async () => {
      // A separate Node process runs the runner, aborts the block, and exits as soon as the run
      // resolves: a pending SIGKILL on an unref'd timer would die with it.
      const dir = tempDir('k8s-labs-orphans-');
      const driver = path.join(dir, 'driver.mjs');
      await esbuild.build({
        stdin: {
          contents: `
          import { runProcess } from './run.js';
          const controller = new AbortController();
          const result = await runProcess('bash', ['-c', ${JSON.stringify(STUBBORN_CHILD)}], {
            signal: controller.signal,
            onLine: (line) => {
              if (!line.startsWith('group ')) return;
              console.log(line);
              controller.abort();
            },
          });
          console.log('aborted ' + result.aborted);
        `,
          resolveDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/adapters/process'),
          loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: driver,
        logLevel: 'silent',
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      });
      const started = performance.now();
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [driver], { timeout: 20_000 }, (error, out) =>
          error ? reject(error) : resolve(out),
        ),
      );
      // The driver left at once, without waiting out the SIGTERM grace period.
      expect(performance.now() - started).toBeLessThan(1900);
      expect(stdout).toMatch(/^group \d+\naborted true\n$/);
      const group = Number(/group (\d+)/.exec(stdout)?.[1]);
      await expect.poll(() => groupMembers(group), { timeout: 3000, interval: 100 }).toEqual([]);
    },
  );

  test('an already aborted signal rejects without starting anything', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runProcess('bash', ['-c', 'exit 0'], { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  test('unsetEnv removes inherited variables and ones given in env', async () => {
    process.env['K8S_LABS_TEST_INHERITED'] = 'from-parent';
    try {
      const result = await runProcess('bash', ['-c', 'echo "${K8S_LABS_TEST_INHERITED-unset} ${GIVEN-unset} $KEPT"'], {
        env: { GIVEN: 'x', KEPT: 'kept' },
        unsetEnv: ['K8S_LABS_TEST_INHERITED', 'GIVEN'],
      });
      expect(result.stdout).toBe('unset unset kept');
    } finally {
      delete process.env['K8S_LABS_TEST_INHERITED'];
    }
  });

  test('background processes left by a finished command are killed with its group', async () => {
    const result = await runProcess('bash', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!']);
    expect(result.exitCode).toBe(0);
    const child = Number(result.stdout);
    await expect.poll(() => alive(child), { timeout: 3000 }).toBe(false);
  });
});

describe('lineSplitter', () => {
  test('splits on \\n, \\r\\n and \\r and keeps a partial line until flushed', () => {
    const lines: string[] = [];
    const splitter = lineSplitter((line) => lines.push(line));
    splitter.push('a\r\nb');
    splitter.push('c\rd\n');
    splitter.push('tail');
    expect(lines).toEqual(['a', 'bc', 'd']);
    splitter.flush();
    expect(lines).toEqual(['a', 'bc', 'd', 'tail']);
  });
});
