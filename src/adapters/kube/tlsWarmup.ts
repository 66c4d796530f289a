/**
 * The first TLS context of a Node 20 process builds Node's store of its ~130 bundled root
 * certificates (slow under OpenSSL 3: openssl/openssl#16871, nodejs/node#56301), even when the
 * kubeconfig names its own CA: 25-30 ms here, more than the reads of a whole step. The store is
 * shared by the whole process, so a worker thread builds it while the main thread is still loading
 * the command and the lab, and the main thread's first context then costs about 2 ms. The worker
 * does nothing else, never keeps the process alive and fails silently: without it the main thread
 * only builds the store itself.
 */
import { Worker } from 'node:worker_threads';

let warming = false;

/** Node 22 and 24 set up in about 2 ms: there the worker's own start (~3 ms) would cost more. */
const PAYS_SET_UP = Number(process.versions.node.split('.')[0]) < 22;

export function warmTls(): void {
  if (warming || !PAYS_SET_UP) return;
  warming = true;
  try {
    const worker = new Worker("require('node:tls').createSecureContext({})", {
      eval: true,
      stdout: true,
      stderr: true,
    });
    worker.on('error', () => {});
    worker.unref();
  } catch {
    // No worker threads (a restricted runtime): the main thread does the set-up when it connects.
  }
}
