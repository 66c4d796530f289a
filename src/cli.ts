#!/usr/bin/env node
/** The `k8s-labs` and `labs` executables. */
import module from 'node:module';

// Node 22+ keeps compiled code between runs, which cuts start-up; Node 20 has no such cache. It
// must be on before the rest of the program loads, hence the dynamic import below.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = await import('./cli/main.js');

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  // The first Ctrl-C lets running work stop cleanly; a second one leaves at once.
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('interrupted'));
});

const code = await main({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
});
process.exitCode = code;
