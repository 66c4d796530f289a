/** One temporary root per test run, removed when the run ends; tempDir() creates folders in it. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'k8s-labs-run-'));
  // Forked test workers inherit the environment.
  process.env['K8S_LABS_TEST_TMP'] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
