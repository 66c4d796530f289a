// Runs the probe script for real with the local sh, curl and wget against a local HTTP server,
// since the pods' tools parse their arguments exactly like these.
import { execFile } from 'node:child_process';
import { mkdtempSync, statSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpProbeCommand, parseHttpProbe } from '../../../src/core/grading/httpProbe.js';
import type { ExecResult } from '../../../src/core/ports.js';

const which = (tool: string): string | undefined =>
  (process.env['PATH'] ?? '')
    .split(':')
    .map((dir) => path.join(dir, tool))
    .find((file) => statSync(file, { throwIfNoEntry: false })?.isFile());

let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((request, response) => {
    if (request.url === '/missing') {
      response.writeHead(404).end('nope');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end(`hello from ${request.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs the probe with only the given tools on PATH. */
function run(url: string, tools: string[]): Promise<ExecResult> {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'probe-bin-'));
  for (const tool of tools) symlinkSync(which(tool)!, path.join(bin, tool));
  const [, ...args] = httpProbeCommand(url, 2);
  return new Promise((resolve) => {
    execFile('/bin/sh', args, { env: { PATH: bin } }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
    });
  });
}

describe.each([['curl'], ['wget']])('the probe script with %s', (tool) => {
  it.skipIf(!which(tool))('reads status and body', async () => {
    expect(parseHttpProbe(await run(`${base}/a;echo$(id)`, [tool]))).toEqual({
      ok: true,
      status: 200,
      body: 'hello from /a;echo$(id)',
    });
  });
  it.skipIf(!which(tool))('reports a 404 as a response, not an error', async () => {
    expect(parseHttpProbe(await run(`${base}/missing`, [tool]))).toMatchObject({ ok: false, status: 404 });
  });
  it.skipIf(!which(tool))('reports a refused connection as status 0 with a reason', async () => {
    const result = parseHttpProbe(await run('http://127.0.0.1:1/', [tool]));
    expect(result.status).toBe(0);
    expect(result.error).toMatch(/refused|connect/i);
  });
});

it('says so when the container has neither curl nor wget', async () => {
  expect(parseHttpProbe(await run(`${base}/`, []))).toMatchObject({
    status: 0,
    error: 'neither curl nor wget is installed in this container',
  });
});

it('gives curl half the time to connect, at least a second, and the whole time to answer', () => {
  expect(httpProbeCommand('http://web/', 4).slice(-3)).toEqual(['http://web/', '4', '2']);
  expect(httpProbeCommand('http://web/', 0.3).slice(-2)).toEqual(['1', '1']);
});
