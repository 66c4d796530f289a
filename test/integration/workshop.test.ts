// `labs workshop` on the real test cluster (test/cluster/up.sh): the API server's own RBAC and
// TokenRequest decide what an attendee may do. Isolation is asserted with the API's answers (403)
// and `kubectl auth can-i --list`; the attendee's lab works with their kubeconfig alone.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, nodePath, repoRoot, runBin, tempDir } from '../helpers/bin.js';
import type { LabTestSummary } from '../../src/core/labTest/summary.js';
import { hasTmux, tmuxServer } from '../helpers/tmux.js';

const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
if (!kubeconfig)
  console.warn(
    'test/integration/workshop.test.ts SKIPPED: K8S_LABS_TEST_KUBECONFIG is not set (bash test/cluster/up.sh prints it)',
  );

const workshop = `it${process.pid % 100000}`;
const [a, b] = ['attendee-01', 'attendee-02'];
const nsA = `${workshop}-${a}`;
const nsB = `${workshop}-${b}`;
const work = tempDir('k8s-labs-workshop-');
const outDir = path.join(work, 'attendees');
const state = path.join(work, 'state');
const env = { KUBECONFIG: kubeconfig, K8S_LABS_STATE_DIR: state };
const context = 'k8s-labs-test';
const fileA = path.join(outDir, `${a}.kubeconfig`);

const kubectl = (args: string[], config = kubeconfig!): { code: number | null; stdout: string; stderr: string } => {
  const result = spawnSync('kubectl', ['--kubeconfig', config, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
const admin = (args: string[]): string => {
  const result = kubectl(['--context', context, ...args]);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

interface AttendeeFile {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token: string } }[];
  contexts: { name: string; context: { namespace: string; extensions: { extension: Record<string, unknown> }[] } }[];
}
const attendeeFile = (): AttendeeFile => yaml.load(readFileSync(fileA, 'utf8')) as AttendeeFile;

/** One request as attendee A, straight to the API server: its status code. */
function asA(method: string, apiPath: string, body?: unknown): Promise<number> {
  const doc = attendeeFile();
  const { server, 'certificate-authority-data': ca } = doc.clusters[0]!.cluster;
  return new Promise((resolve, reject) => {
    const request = https.request(`${server}${apiPath}`, {
      method,
      ca: Buffer.from(ca, 'base64'),
      headers: {
        Authorization: `Bearer ${doc.users[0]!.user.token}`,
        'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
      },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const createAgain = () =>
  runBin(
    [
      'workshop',
      'create',
      workshop,
      '--lab',
      'clusterip',
      '--attendees',
      '2',
      '--context',
      context,
      '--out',
      outDir,
      '--duration',
      '1h',
    ],
    { env },
  );

const labelledCount = (): number =>
  ['namespaces', 'clusterroles', 'clusterrolebindings']
    .map((kind) => admin(['get', kind, '-l', `k8s-labs.dev/workshop=${workshop}`, '-o', 'name']))
    .concat(
      admin([
        'get',
        'roles,rolebindings,serviceaccounts,configmaps,resourcequotas,limitranges',
        '-A',
        '-l',
        `k8s-labs.dev/workshop=${workshop}`,
        '-o',
        'name',
      ]),
    )
    .join('')
    .split('\n')
    .filter(Boolean).length;

describe.skipIf(!kubeconfig)('labs workshop on the real API server', () => {
  beforeAll(async () => {
    const created = await createAgain();
    expect(created.stderr).toContain('[2/2]');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('k8s-labs start clusterip --kubeconfig');
    // A pod of B's, for exec.
    admin(['run', 'target', '--image=nginx:1.27', '-n', nsB]);
  }, 120_000);

  afterAll(async () => {
    await runBin(['workshop', 'delete', workshop, '--context', context, '--yes'], { env });
    spawnSync('kubectl', [
      '--kubeconfig',
      kubeconfig!,
      '--context',
      context,
      'delete',
      'namespace',
      `${workshop}-stray`,
      '--ignore-not-found',
      '--wait=false',
    ]);
  });

  it('writes one 0600 kubeconfig per attendee whose one context defaults to their lab namespace', () => {
    expect(statSync(fileA).mode & 0o777).toBe(0o600);
    const doc = attendeeFile();
    expect(doc.contexts).toHaveLength(1);
    expect(doc.contexts[0]!.context.namespace).toBe(nsA);
    expect(doc.contexts[0]!.context.extensions[0]!.extension).toMatchObject({
      workshop,
      lab: 'clusterip',
      attendee: a,
      vars: { namespace: nsA },
      namespaces: [nsA, `${nsA}-elsewhere`],
    });
  });

  it('is idempotent: creating again makes nothing new and keeps the attendee working', async () => {
    const before = labelledCount();
    const again = await createAgain();
    expect(again.code, again.stderr).toBe(0);
    expect(labelledCount()).toBe(before);
  });

  it("A cannot read, list, create or delete in B's namespaces", async () => {
    expect(await asA('GET', `/api/v1/namespaces/${nsB}/pods`)).toBe(403);
    expect(await asA('GET', `/api/v1/namespaces/${nsB}/pods/target`)).toBe(403);
    expect(await asA('POST', `/api/v1/namespaces/${nsB}/configmaps`, { metadata: { name: 'x' } })).toBe(403);
    expect(await asA('DELETE', `/api/v1/namespaces/${nsB}/pods/target`)).toBe(403);
    expect(await asA('GET', `/api/v1/namespaces/${nsB}-elsewhere/services`)).toBe(403);
    // And A can in A's own.
    expect(await asA('GET', `/api/v1/namespaces/${nsA}/pods`)).toBe(200);
  });

  it('A cannot list secrets or namespaces cluster-wide, nor create namespaces or (cluster) role bindings', async () => {
    expect(await asA('GET', '/api/v1/secrets')).toBe(403);
    expect(await asA('GET', '/api/v1/namespaces')).toBe(403);
    expect(await asA('POST', '/api/v1/namespaces', { metadata: { name: `${workshop}-mine` } })).toBe(403);
    const binding = {
      metadata: { name: 'escalate' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'attendee', namespace: `${nsA}-home` }],
    };
    expect(await asA('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${nsA}/rolebindings`, binding)).toBe(403);
    expect(await asA('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding)).toBe(403);
    // Nor change their own quota, nor delete their own namespace (it holds their Role and quota).
    expect(await asA('DELETE', `/api/v1/namespaces/${nsA}/resourcequotas/k8s-labs-attendee`)).toBe(403);
    expect(await asA('DELETE', `/api/v1/namespaces/${nsA}`)).toBe(403);
  });

  it("A cannot exec into B's pods, nor write B's ledger, but writes A's own", async () => {
    expect(await asA('POST', `/api/v1/namespaces/${nsB}/pods/target/exec?command=ls&stdout=true`)).toBe(403);
    const ledgerPatch = { data: { 'ledger.json': '{}' } };
    expect(await asA('PATCH', `/api/v1/namespaces/${nsB}-home/configmaps/k8s-labs-progress`, ledgerPatch)).toBe(403);
    expect(await asA('GET', `/api/v1/namespaces/${nsB}-home/configmaps/k8s-labs-progress`)).toBe(403);
    expect(await asA('GET', `/api/v1/namespaces/${nsA}-home/configmaps/k8s-labs-progress`)).toBe(200);
    // Only the ledger: no other ConfigMap in the home namespace.
    expect(await asA('POST', `/api/v1/namespaces/${nsA}-home/configmaps`, { metadata: { name: 'x' } })).toBe(403);
  });

  it('A reads exactly what the lab declares outside its namespaces: the kubernetes Service in default', async () => {
    expect(await asA('GET', '/api/v1/namespaces/default/services/kubernetes')).toBe(200);
    expect(await asA('GET', '/api/v1/namespaces/default/services')).toBe(403);
    expect(await asA('GET', '/api/v1/namespaces/default/configmaps/kube-root-ca.crt')).toBe(403);
    expect(await asA('GET', '/api/v1/namespaces/kube-system/services/kube-dns')).toBe(403);
  });

  it('kubectl auth can-i --list shows exactly the expected rights, in A’s namespace and in B’s', () => {
    const rights = (namespace: string): string[] => {
      const listed = kubectl(['auth', 'can-i', '--list', '-n', namespace], fileA);
      expect(listed.code, listed.stderr).toBe(0);
      return listed.stdout
        .split('\n')
        .slice(1)
        .filter((line) => line.trim() && !line.startsWith(' '))
        .map((line) => line.trim().replace(/\s+/g, ' '))
        .sort();
    };
    const everywhere = [
      'namespaces [] [' + `${nsA}-elsewhere] [get watch patch update]`,
      `namespaces [] [${nsA}] [get watch patch update]`,
      'selfsubjectaccessreviews.authorization.k8s.io [] [] [create]',
      'selfsubjectreviews.authentication.k8s.io [] [] [create]',
      'selfsubjectrulesreviews.authorization.k8s.io [] [] [create]',
    ];
    const inOwn = [
      '*.apps [] [] [*]',
      '*.autoscaling [] [] [*]',
      '*.batch [] [] [*]',
      '*.discovery.k8s.io [] [] [get list watch]',
      '*.events.k8s.io [] [] [get list watch]',
      'configmaps [] [] [*]',
      'endpoints [] [] [*]',
      'events [] [] [get list watch]',
      'ingresses.networking.k8s.io [] [] [*]',
      'limitranges [] [] [get list watch]',
      'networkpolicies.networking.k8s.io [] [] [*]',
      'persistentvolumeclaims [] [] [*]',
      'poddisruptionbudgets.policy [] [] [*]',
      'pods [] [] [*]',
      'pods/attach [] [] [*]',
      'pods/exec [] [] [*]',
      'pods/log [] [] [*]',
      'pods/portforward [] [] [*]',
      'replicationcontrollers [] [] [*]',
      'resourcequotas [] [] [get list watch]',
      'secrets [] [] [*]',
      'serviceaccounts [] [] [*]',
      'services [] [] [*]',
    ];
    // The cluster may grant every authenticated user more (e.g. clustertrustbundles); those are not the workshop's.
    const builtIn = (line: string): boolean => line.startsWith('clustertrustbundles.');
    expect(rights(nsA).filter((line) => !builtIn(line))).toEqual([...inOwn, ...everywhere].sort());
    expect(rights(nsB).filter((line) => !builtIn(line))).toEqual([...everywhere].sort());
    expect(rights('default').filter((line) => !builtIn(line))).toEqual(
      [...everywhere, 'services [] [kubernetes] [get list watch]'].sort(),
    );
  });

  it("A's lab works with A's kubeconfig: solve, check, answer about the kubernetes Service", async () => {
    const solved = await runBin(['solve', 'clusterip', '--step', 'scene', '--yes', '--kubeconfig', fileA], { env });
    expect(solved.code, solved.stderr).toBe(0);
    const checked = await runBin(['check', 'clusterip', '--step', 'scene', '--kubeconfig', fileA], { env });
    expect(checked.stdout).toContain(`on ${nsA}`);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(admin(['get', 'deployment', 'echo-frontend', '-n', nsA, '-o', 'name'])).toContain('echo-frontend');
    // The command printed to the attendee names their kubeconfig, and runs as printed.
    const unanswered = await runBin(['check', 'clusterip', '--step', 'kubernetes-service', '--kubeconfig', fileA], {
      env,
    });
    const printed = /answer with: (labs answer \S+ kubernetes-port .*)$/m.exec(unanswered.stdout)?.[1];
    expect(printed, unanswered.stdout).toBe(`labs answer clusterip kubernetes-port <value> --kubeconfig ${fileA}`);
    const port = await runBin(printed!.replace('<value>', '443').split(' ').slice(1), { env });
    expect(port.stdout).toContain('PASS');
    const wrong = await runBin(['answer', 'kubernetes-label-count', '17', '--kubeconfig', fileA], { env });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      `Try again with \`labs answer kubernetes-label-count <value> --kubeconfig ${fileA}\`, or ask for a hint: \`labs hint --kubeconfig ${fileA}\`.`,
    );
    const hint = await runBin(['hint', 'clusterip', '--kubeconfig', fileA], { env });
    expect(hint.code, hint.stderr).toBe(0);
  });

  it("mirrors A's ledger into A's home namespace: correctness and reveals, never a value", () => {
    const text = admin([
      'get',
      'configmap',
      'k8s-labs-progress',
      '-n',
      `${nsA}-home`,
      '-o',
      'jsonpath={.data.ledger\\.json}',
    ]);
    const ledger = JSON.parse(text) as {
      attendee: string;
      steps: Record<
        string,
        {
          status: string;
          answers: Record<string, Record<string, unknown>>;
          hints: unknown[];
          solutionAppliedAt?: string;
        }
      >;
    };
    expect(ledger.attendee).toBe(a);
    expect(ledger.steps['scene']!.solutionAppliedAt).toBeTruthy();
    const answers = ledger.steps['kubernetes-service']!.answers;
    expect(answers['kubernetes-port']).toEqual({ correct: true, at: expect.any(String) });
    expect(answers['kubernetes-label-count']).toEqual({ correct: false, at: expect.any(String) });
    expect(Object.values(ledger.steps).some((step) => step.hints.length > 0)).toBe(true);
  });

  it('the workshop fixes the variables and refuses the commands that need cluster-wide rights', async () => {
    const withVar = await runBin(['check', '--kubeconfig', fileA, '--var', `namespace=${nsB}`], { env });
    expect(withVar.code).toBe(2);
    expect(withVar.stderr).toContain('the workshop sets the lab variables');
    for (const command of [
      ['cluster', 'up'],
      ['prepare', 'clusterip'],
    ]) {
      const refused = await runBin([...command, '--kubeconfig', fileA], { env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/workshop|cluster-wide/);
    }
  });

  it('an expired or rejected token says "your workshop access has expired: ask the instructor", exit 3', async () => {
    const doc = attendeeFile();
    const past = Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) - 60 })).toString('base64url');
    for (const token of [`eyJhbGciOiJSUzI1NiJ9.${past}.c2ln`, 'not-a-jwt-the-server-rejects']) {
      doc.users[0]!.user.token = token;
      const file = path.join(work, 'expired.kubeconfig');
      writeFileSync(file, yaml.dump(doc), { mode: 0o600 });
      const result = await runBin(['check', 'clusterip', '--kubeconfig', file], { env });
      // Expired by its own clock: refused before any request; rejected by the server: each read says so.
      expect(result.stdout + result.stderr).toContain('your workshop access has expired: ask the instructor');
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(3);
    }
  });

  it("status is the roster: A's step, checks passing live, answers right, hints, solutions", async () => {
    const status = await runBin(['workshop', 'status', workshop, '--context', context, '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    const roster = JSON.parse(status.stdout) as { lab: string; attendees: Record<string, unknown>[] };
    expect(roster.lab).toBe('clusterip');
    const rowA = roster.attendees.find((row) => row['attendee'] === a)!;
    expect(rowA).toMatchObject({ namespace: nsA, questionsRight: 1, solutions: 1 });
    expect(rowA['hints']).toBeGreaterThan(0);
    const rowB = roster.attendees.find((row) => row['attendee'] === b)!;
    expect(rowB).toMatchObject({ step: 'scene', checksPassed: 0, checks: 1, hints: 0, stuck: false });
    const csv = await runBin(['workshop', 'status', workshop, '--context', context, '--csv'], { env });
    expect(csv.stdout.split('\n')[0]).toContain('attendee,namespace,step');
    expect(csv.stdout.trimEnd().split('\n')).toHaveLength(3);
  });

  it("status --watch prints B's row when B's fix lands, through watches", async () => {
    const watcher = spawn(
      nodePath,
      [cliPath, 'workshop', 'status', workshop, '--context', context, '--watch', '--json'],
      { env: { ...process.env, ...env, NO_COLOR: '1' } },
    );
    try {
      let stdout = '';
      watcher.stdout.on('data', (chunk) => (stdout += String(chunk)));
      await new Promise<void>((resolve) =>
        watcher.stderr.on('data', (chunk) => String(chunk).includes('watching') && resolve()),
      );
      const fileB = path.join(outDir, `${b}.kubeconfig`);
      const solved = await runBin(['solve', 'clusterip', '--step', 'scene', '--yes', '--kubeconfig', fileB], { env });
      expect(solved.code, solved.stderr).toBe(0);
      const deadline = Date.now() + 20_000;
      const fixed = (): boolean =>
        stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .some((row) => row['attendee'] === b && (row['step'] !== 'scene' || row['checksPassed'] === 1));
      while (!fixed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fixed(), stdout).toBe(true);
    } finally {
      watcher.kill('SIGINT');
    }
  }, 40_000);

  it('reset puts one attendee back at a step, with their rights and ledger to match', async () => {
    const reset = await runBin(
      [
        'workshop',
        'reset',
        workshop,
        a,
        '--lab',
        'clusterip',
        '--step',
        'create-service',
        '--context',
        context,
        '--yes',
      ],
      { env },
    );
    expect(reset.code, reset.stderr).toBe(0);
    const roster = JSON.parse(
      (await runBin(['workshop', 'status', workshop, '--context', context, '--json'], { env })).stdout,
    ) as { attendees: Record<string, unknown>[] };
    expect(roster.attendees.find((row) => row['attendee'] === a)).toMatchObject({ step: 'create-service', hints: 0 });
    // A's next command follows the reset: their local progress is put at that step, once.
    const followed = await runBin(['check', '--kubeconfig', fileA], { env });
    expect(followed.stderr).toContain('your instructor put you back at step "create-service"');
    expect(followed.stdout).toContain('clusterip / create-service (step 4 of 7');
    const again = await runBin(['check', '--kubeconfig', fileA], { env });
    expect(again.stderr).not.toContain('put you back');
    const ledger = JSON.parse(
      admin(['get', 'configmap', 'k8s-labs-progress', '-n', `${nsA}-home`, '-o', 'jsonpath={.data.ledger\\.json}']),
    ) as { steps: Record<string, { hints: unknown[] }> };
    // The hints A saw before the reset are not merged back by A's later writes.
    expect(Object.values(ledger.steps).every((step) => step.hints.length === 0)).toBe(true);
    // A still works in A's namespace, and still only there.
    expect(await asA('GET', `/api/v1/namespaces/${nsA}/pods`)).toBe(200);
    expect(await asA('GET', `/api/v1/namespaces/${nsB}/pods`)).toBe(403);
    const unknown = await runBin(
      ['workshop', 'reset', workshop, 'nobody', '--lab', 'clusterip', '--context', context, '--yes'],
      { env },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('has no attendee "nobody"');
  }, 60_000);

  it.skipIf(!hasTmux)(
    "A's open guide follows the instructor's reset of A at once, with no restart",
    async () => {
      const tmux = tmuxServer('workshop-follow');
      try {
        const guide = tmux.start('a', {
          args: ['start', '--kubeconfig', fileA],
          env: { K8S_LABS_STATE_DIR: state, KUBECONFIG: kubeconfig! },
          size: [110, 40],
        });
        await guide.waitForScreen('4. Create the ClusterIP Service', 30_000);
        const reset = await runBin(
          ['workshop', 'reset', workshop, a, '--lab', 'clusterip', '--step', 'jumpbox', '--context', context, '--yes'],
          { env },
        );
        expect(reset.code, reset.stderr).toBe(0);
        expect(reset.stdout + reset.stderr).toContain('a guide they have open moves there within seconds');
        // The guide reads A's ledger every 5 s: the reset's step shows within a few seconds.
        const asked = Date.now();
        const screen = await guide.waitForScreen('your instructor put you back at "A pod to test from"', 20_000);
        expect(screen).toContain('2. A pod to test from');
        expect(Date.now() - asked).toBeLessThan(15_000);
        guide.press('q');
        // The way back is A's kubeconfig: --context and --var are refused with it.
        const left = await guide.waitFor('[exit 0]', 10_000);
        // The terminal wraps the long line: compared without white space.
        const squeezed = (text: string): string => text.replace(/\s+/g, '');
        expect(squeezed(left)).toContain(
          squeezed(`Progress saved: \`k8s-labs start clusterip --kubeconfig ${fileA}\``),
        );
        // A's next command does not adopt the same reset again: the guide already did.
        const next = await runBin(['check', '--kubeconfig', fileA], { env });
        expect(next.stderr).not.toContain('put you back');
        expect(next.stdout).toContain('clusterip / jumpbox (step 2 of 7');
      } finally {
        tmux.kill();
      }
    },
    90_000,
  );

  it('the whole clusterip lab passes `labs test` as A, emptying A’s namespaces between steps, never B’s', async () => {
    const tested = await runBin(['test', '--kubeconfig', fileA, '--json'], { env, timeoutMs: 400_000 });
    const report = JSON.parse(tested.stdout) as {
      ok: boolean;
      context: string;
      dataPlane: boolean;
      summary: LabTestSummary;
      labs: { lab: string; namespaces?: string[] }[];
    };
    expect(report.context).toBe(attendeeFile().contexts[0]!.name);
    expect(report.summary, tested.stderr).toMatchObject({ labs: 1, violations: 0, errors: 0 });
    expect(report.summary.checksVerified).toBeGreaterThanOrEqual(19);
    expect(report.summary.fixturesVerified).toBeGreaterThanOrEqual(24);
    // With real nodes nothing is skipped; on KWOK nodes the data-plane checks are, and say so.
    if (report.dataPlane) expect(report.summary.skipped).toBe(0);
    expect(tested.code, tested.stderr).toBe(0);
    expect(report.ok).toBe(true);
    // A's namespaces stay, with A's access in them; B's pod was never touched.
    expect(admin(['get', 'role', 'k8s-labs-attendee', '-n', nsA, '-o', 'name'])).toContain('k8s-labs-attendee');
    expect(admin(['get', 'pods', '-n', nsA, '-o', 'name'])).toBe('');
    expect(admin(['get', 'pod', 'target', '-n', nsB, '-o', 'name'])).toContain('target');
    expect(await asA('GET', `/api/v1/namespaces/${nsA}/pods`)).toBe(200);
    // --var and another lab are refused: the workshop fixes both.
    const other = await runBin(['test', 'backend-service', '--kubeconfig', fileA], { env });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('is for lab "clusterip", not "backend-service"');
  }, 420_000);

  it('delete removes exactly what was made (by label), nothing else', async () => {
    admin(['create', 'namespace', `${workshop}-stray`]);
    const deleted = await runBin(['workshop', 'delete', workshop, '--context', context, '--yes'], { env });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toMatch(/\d+ objects deleted/);
    expect(
      admin(['get', 'clusterroles,clusterrolebindings', '-l', `k8s-labs.dev/workshop=${workshop}`, '-o', 'name']),
    ).toBe('');
    expect(
      admin(['get', 'roles,rolebindings', '-n', 'default', '-l', `k8s-labs.dev/workshop=${workshop}`, '-o', 'name']),
    ).toBe('');
    const left = admin([
      'get',
      'namespaces',
      '-l',
      `k8s-labs.dev/workshop=${workshop}`,
      '-o',
      'jsonpath={range .items[*]}{.status.phase}{"\\n"}{end}',
    ]);
    expect(left.split('\n').filter((phase) => phase && phase !== 'Terminating')).toEqual([]);
    expect(admin(['get', 'namespace', `${workshop}-stray`, '-o', 'name'])).toContain(`${workshop}-stray`);
    expect(admin(['get', 'service', 'kubernetes', '-n', 'default', '-o', 'name'])).toContain('kubernetes');
  });
});

describe('labs workshop without a cluster', () => {
  it('--dry-run prints every object as YAML, all labelled with the workshop', async () => {
    const result = await runBin(['workshop', 'create', 'dry', '--lab', 'clusterip', '--attendees', '2', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    const docs = yaml.loadAll(result.stdout) as { kind: string; metadata: { labels: Record<string, string> } }[];
    expect(docs.filter((doc) => doc.kind === 'Namespace')).toHaveLength(6);
    expect(docs.every((doc) => doc.metadata.labels['k8s-labs.dev/workshop'] === 'dry')).toBe(true);
  });

  it('refuses a lab whose steps need cluster-wide rights, naming the lab and the step', async () => {
    const lab = path.join(repoRoot, 'test/fixtures/workshop/cluster-wide/labs/cluster-wide');
    const result = await runBin(['workshop', 'create', 'cw', '--lab', lab, '--attendees', '1', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'lab "cluster-wide" cannot run in a workshop: step "viewer" needs cluster-wide rights',
    );
  });

  it('refuses a lab whose command blocks create the namespace unmarked, naming the file, line and fix', async () => {
    const copy = tempDir('k8s-labs-unmarked-');
    cpSync(path.join(repoRoot, 'labs/clusterip'), path.join(copy, 'labs/clusterip'), { recursive: true });
    cpSync(path.join(repoRoot, 'checkers/clusterip'), path.join(copy, 'checkers/clusterip'), { recursive: true });
    cpSync(path.join(repoRoot, 'solutions/clusterip'), path.join(copy, 'solutions/clusterip'), { recursive: true });
    const step = path.join(copy, 'labs/clusterip/steps/01-scene.md');
    writeFileSync(step, readFileSync(step, 'utf8').replace('```sh run workshop=skip', '```sh run'));
    const result = await runBin(['workshop', 'create', 'um', '--lab', 'clusterip', '--attendees', '1', '--dry-run'], {
      cwd: copy,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /step "scene" runs `kubectl create namespace` \(labs\/clusterip\/steps\/01-scene\.md line \d+\)/,
    );
    expect(result.stderr).toContain('workshop=skip');
  });

  it('names the context it needs, and reads attendee names from a file', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'names.txt'), 'alice\n# a comment\n\nBob\n');
    const noContext = await runBin(['workshop', 'create', 'kcd', '--lab', 'clusterip', '--attendees', 'names.txt'], {
      cwd: dir,
      env: { K8S_LABS_CONTEXT: undefined },
    });
    expect(noContext.code).toBe(2);
    expect(noContext.stderr).toContain('pass --context NAME');
    const dry = await runBin(
      ['workshop', 'create', 'kcd', '--lab', 'clusterip', '--attendees', 'names.txt', '--dry-run'],
      { cwd: dir },
    );
    expect(dry.stdout).toContain('name: kcd-alice-home');
    expect(dry.stdout).toContain('name: kcd-bob-elsewhere');
  });
});
