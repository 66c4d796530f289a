/**
 * Labs played as a learner plays them, through the built bin in tmux, on the test cluster with real
 * nodes (test/cluster/up.sh): every block of the clusterip lab run with Enter and its confirmation,
 * the failing curl, the Service, the spread over the replicas, the questions answered with values
 * read from the cluster, the summary; and one data-plane step of each other lab that needs one,
 * reached with the guide's own means (`labs jump`, `J` in the step list, `r`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runBin, tempDir } from '../helpers/bin.js';
import { dataPlaneSkipReason, TEST_CONTEXT } from '../helpers/dataPlane.js';

const FILE = 'test/e2e/tui-labs-dataplane.test.ts';
const kubeconfig = process.env['K8S_LABS_TEST_KUBECONFIG'];
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const skipReason = !hasTmux ? 'tmux is not installed' : dataPlaneSkipReason(kubeconfig);
if (skipReason) console.warn(`${FILE} SKIPPED because ${skipReason}`);

const socket = `k8s-labs-tui-dataplane-${process.pid}-${Date.now()}`;
const namespaces: string[] = [];
/** A namespace of this run only: someone else may be playing the same labs on the same cluster. */
const uniqueNamespace = (lab: string): string => {
  const name = `dp${process.pid}-${lab}`;
  namespaces.push(name, `${name}-elsewhere`);
  return name;
};

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const kubectl = (...args: string[]): string =>
  execFileSync('kubectl', ['--kubeconfig', kubeconfig!, '--context', TEST_CONTEXT, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
const jsonpath = (expression: string, ...args: string[]): string =>
  kubectl('get', ...args, '-o', `jsonpath=${expression}`).trim();

/** One `k8s-labs start` in its own tmux window, read with capture-pane. */
class Guide {
  private constructor(readonly window: string) {}

  static open(window: string, args: string[], stateDir = tempDir('k8s-labs-dataplane-state-')): Guide {
    const command = [
      'env -u CI -u NO_COLOR',
      `K8S_LABS_STATE_DIR=${quote(stateDir)}`,
      `KUBECONFIG=${quote(kubeconfig!)}`,
      quote(process.execPath),
      quote(cliPath),
      'start',
      ...args.map(quote),
      '--context',
      TEST_CONTEXT,
      '; echo "[exit $?]"; exec sleep 600',
    ].join(' ');
    tmux('new-session', '-d', '-s', window, '-x', '110', '-y', '45', '-c', repoRoot, command);
    return new Guide(window);
  }

  screen(): string {
    return tmux('capture-pane', '-p', '-t', this.window);
  }

  async waitUntil(what: string, done: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen();
      if (done(text)) return text;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} on the screen:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  waitFor(expected: string | RegExp, timeoutMs = 30_000): Promise<string> {
    return this.waitUntil(
      JSON.stringify(String(expected)),
      (text) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text)),
      timeoutMs,
    );
  }

  press(key: string): void {
    tmux('send-keys', '-t', this.window, key);
  }

  /** Types text literally, and waits until the screen shows it, so that Enter comes on its own. */
  async type(text: string, echo: string): Promise<void> {
    tmux('send-keys', '-t', this.window, '-l', text);
    await this.waitFor(echo);
  }

  /**
   * Presses `number` and scrolls down, as a reader would, until the selection `marker` shows: a
   * step opens at its top with its first block selected, even when that block is further down.
   */
  async select(marker: string | RegExp, number: number): Promise<void> {
    const shows = (text: string): boolean => (typeof marker === 'string' ? text.includes(marker) : marker.test(text));
    this.press(String(number));
    let text = await this.settled();
    for (let page = 0; !shows(text); page++) {
      if (page > 20 || !text.includes(' below (↓ j PgDn)'))
        throw new Error(`no ${String(marker)} on the screen, and nothing more below:\n${text}`);
      this.press('NPage');
      text = await this.settled();
    }
  }

  /** The screen once it has stopped changing for a moment (keys sent before are handled). */
  async settled(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = this.screen();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const text = this.screen();
      if (text === last || Date.now() > deadline) return text;
      last = text;
    }
  }

  /**
   * Selects block `number`, runs it with Enter (confirming the command and the context when the
   * guide asks), and returns the screen once its exit code shows. `firstLine` is the block's first
   * line as the step shows it.
   */
  async run(number: number, firstLine: string, timeoutMs = 60_000): Promise<string> {
    // Close the last output, so that the header waited for below is this run's.
    if (this.screen().includes('── $ ')) {
      this.press('x');
      await this.waitUntil('the output pane to close', (text) => !text.includes('── $ '));
    }
    await this.select(`▶ [${number}] sh  Enter runs it`, number);
    this.press('Enter');
    const finished = new RegExp(`── \\$ ${escapeRegExp(firstLine)} ── [✓✗] exit \\d+ in `);
    const dialog = `Run block [${number}]? (asked once per block)`;
    const text = await this.waitUntil(`block [${number}] to start`, (t) => t.includes(dialog) || /── \$ /.test(t));
    if (text.includes(dialog)) {
      expect(text).toContain(`│ $ ${firstLine}`);
      expect(text).toMatch(new RegExp(`│ context: ${TEST_CONTEXT} \\(server https://127\\.0\\.0\\.1:\\d+\\)`));
      this.press('y');
    }
    return this.waitFor(finished, timeoutMs);
  }

  /**
   * Scrolls the output pane back to its first line ([ as a learner would), for output longer than
   * the rows the pane has been given: how many depends on how long the check results are now.
   */
  async outputFromTop(): Promise<string> {
    let text = this.screen();
    for (let presses = 0; /^── \$ .* ↑\d+$/m.test(text); presses++) {
      if (presses > 20) throw new Error(`the output pane does not scroll back to its top:\n${text}`);
      this.press('[');
      text = await this.settled();
    }
    return text;
  }

  /**
   * Runs a block that sends several requests and prints which pod answered each, again (as a
   * learner would) while fewer than `wanted` pods have answered, up to three runs: random spreading
   * now and then picks the same pod every time. Returns every pod name seen.
   */
  async runUntilSpread(
    number: number,
    firstLine: string,
    answers: (text: string) => string[],
    wanted = 2,
  ): Promise<string[]> {
    const seen = new Set<string>();
    let text = '';
    for (let attempt = 0; attempt < 3 && seen.size < wanted; attempt++) {
      text = await this.run(number, firstLine);
      expect(text).toContain('── ✓ exit 0');
      for (const name of answers(text)) seen.add(name);
    }
    expect(seen.size, `${wanted} different pods answer after three runs:\n${text}`).toBeGreaterThanOrEqual(wanted);
    return [...seen];
  }

  /** Selects the question with key `number`, types `value` and submits it; waits until it is graded correct. */
  async answer(number: number, prompt: string, value: string): Promise<void> {
    await this.select(new RegExp(`▶ \\[Q\\d\\] ${escapeRegExp(prompt.slice(0, 40))}`), number);
    this.press('Enter');
    await this.waitFor('│ answer: type your answer');
    await this.type(value, `│ answer: ${value} `);
    this.press('Enter');
    await this.waitFor(`  ✓ ${prompt.slice(0, 60)}`);
  }

  async quit(): Promise<void> {
    this.press('q');
    await this.waitFor('[exit 0]');
  }
}

/** The pod names in `Hostname: <pod>` lines of whoami answers on the screen. */
const whoamiHostnames = (text: string, prefix: string): string[] => [
  ...new Set([...text.matchAll(new RegExp(`^  Hostname: (${escapeRegExp(prefix)}-\\S+)$`, 'gm'))].map((m) => m[1]!)),
];
const podNames = (namespace: string, labels: string): string[] =>
  jsonpath('{.items[*].metadata.name}', 'pods', '-n', namespace, '-l', labels).split(' ').filter(Boolean);
const readyEndpointCount = (namespace: string, service: string): number =>
  jsonpath(
    '{.items[*].endpoints[*].conditions.ready}',
    'endpointslices',
    '-n',
    namespace,
    '-l',
    `kubernetes.io/service-name=${service}`,
  )
    .split(' ')
    .filter((ready) => ready === 'true').length;

describe.skipIf(skipReason !== '')('labs played on the data plane (tmux, built bin, real nodes)', () => {
  beforeAll(() => {
    if (!existsSync(cliPath))
      throw new Error(`${cliPath} is missing: run \`npm run build\` before the end-to-end tests`);
  });

  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    // tmux leaves its socket file behind.
    rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
    if (namespaces.length > 0)
      spawnSync('kubectl', [
        '--kubeconfig',
        kubeconfig!,
        '--context',
        TEST_CONTEXT,
        'delete',
        'namespace',
        ...namespaces,
        '--ignore-not-found',
        '--wait=false',
      ]);
  });

  it('plays the whole clusterip lab: DNS fails, the Service answers from several pods, summary', async () => {
    const ns = uniqueNamespace('clusterip');
    const host = `echo-frontend.${ns}.svc.cluster.local`;
    const guide = Guide.open('clusterip', ['clusterip', '--var', `namespace=${ns}`]);

    // 1. Three pods, three addresses
    await guide.waitFor(`● ${TEST_CONTEXT} (https://127.0.0.1:`);
    await guide.waitFor('step 1 of 7');
    await guide.waitFor(`There is no Deployment echo-frontend in namespace ${ns} yet.`);
    let text = await guide.run(1, `kubectl create namespace ${ns}`);
    expect(text).toContain(`── $ kubectl create namespace ${ns} ── ✓ exit 0`);
    expect(text).toContain(`  namespace/${ns} created`);
    text = await guide.run(2, `kubectl apply -n ${ns} -f - <<'YAML'`, 180_000);
    expect(text).toContain('  deployment "echo-frontend" successfully rolled out');
    text = await guide.run(3, `kubectl get pods -n ${ns} -l app=echo-frontend -o wide`);
    for (const pod of podNames(ns, 'app=echo-frontend')) expect(text).toMatch(new RegExp(`  ${pod}\\s+1/1\\s+Running`));
    await guide.waitFor('  ✓ echo-frontend runs 3 ready replicas');
    await guide.waitFor('── checks ── step passed');

    // 2. A pod to test from
    guide.press('n');
    await guide.waitFor('2. A pod to test from');
    text = await guide.run(1, `kubectl run jumpbox --image=nginx:1.27 -n ${ns}`, 180_000);
    expect(text).toContain('  pod/jumpbox condition met');
    text = await guide.run(2, `kubectl exec jumpbox -n ${ns} -- curl -s localhost:80`);
    expect(text).toContain('── ✓ exit 0');
    expect(text).toContain('  <p><em>Thank you for using nginx.</em></p>');
    await guide.waitFor('  ✓ nginx in the jumpbox serves its welcome page');
    await guide.waitFor('── checks ── step passed');

    // 3. A name that does not exist yet: the curl fails with a DNS error.
    guide.press('n');
    await guide.waitFor('3. A name that does not exist yet');
    text = await guide.run(1, `kubectl exec jumpbox -n ${ns} -- \\`);
    expect(text).toContain(`── $ kubectl exec jumpbox -n ${ns} -- \\ ── ✗ exit 6 in `);
    expect(text).toContain(`  curl: (6) Could not resolve host: ${host}`);
    text = await guide.run(2, `kubectl get services -n ${ns}`);
    expect(text).toContain(`  No resources found in ${ns} namespace.`);
    await guide.waitFor('  ✓ from the jumpbox, the echo-frontend name does not resolve yet');
    const clusterIpNow =
      jsonpath('{.items[?(@.metadata.name=="echo-frontend")].spec.clusterIP}', 'services', '-n', ns) || 'none';
    await guide.answer(3, 'What cluster IP does echo-frontend have right now?', clusterIpNow);
    await guide.waitFor('── checks ── step passed');

    // 4. Create the ClusterIP Service, with the step's own block.
    guide.press('n');
    await guide.waitFor('4. Create the ClusterIP Service');
    text = await guide.run(1, `kubectl apply -f - <<'YAML'`);
    expect(text).toContain('  service/echo-frontend created');
    const clusterIp = jsonpath('{.spec.clusterIP}', 'service', 'echo-frontend', '-n', ns);
    text = await guide.run(2, `kubectl get services -n ${ns}`);
    expect(text).toMatch(new RegExp(`  echo-frontend\\s+ClusterIP\\s+${escapeRegExp(clusterIp)}\\s+<none>\\s+80/TCP`));
    text = await guide.run(3, `kubectl get endpointslices -n ${ns} \\`);
    const podIps = jsonpath('{.items[*].status.podIP}', 'pods', '-n', ns, '-l', 'app=echo-frontend').split(' ');
    expect(podIps).toHaveLength(3);
    const slice = /^ {2}echo-frontend-\S+\s+IPv4\s+8080\s+(\S+)/m.exec(text)?.[1];
    expect(slice?.split(',').sort()).toEqual([...podIps].sort());
    // CoreDNS remembers for up to 30 s that the name did not exist: retry, as a learner would.
    const retryUntil = Date.now() + 90_000;
    for (;;) {
      text = await guide.run(4, `kubectl exec jumpbox -n ${ns} -- \\`);
      // whoami's answer starts with the pod's name; with many check results below, it is scrolled off.
      if (text.includes('── ✓ exit 0')) text = await guide.outputFromTop();
      if (text.includes('── ✓ exit 0') && whoamiHostnames(text, 'echo-frontend').length === 1) break;
      expect(text, 'only the cached "no such name" may fail the curl').toContain(
        `  curl: (6) Could not resolve host: ${host}`,
      );
      if (Date.now() > retryUntil) throw new Error(`the Service name never resolved:\n${text}`);
    }
    expect(podNames(ns, 'app=echo-frontend')).toContain(whoamiHostnames(text, 'echo-frontend')[0]);
    // Auto-check grades when the cluster changes, not when the cached answer expires: a learner
    // whose curl now answers while the check still says otherwise checks again.
    if (guide.screen().includes('  ✗ curl from the jumpbox to the Service name gets an answer')) guide.press('c');
    await guide.waitFor('  ✓ curl from the jumpbox to the Service name gets an answer', 60_000);
    text = await guide.waitFor('── checks ── step passed');
    for (const check of [
      'echo-frontend is a ClusterIP Service in the lab namespace',
      'echo-frontend listens on port 80',
      "its targetPort leads to the containers' port",
      'its selector picks exactly the 3 echo-frontend pods',
      'echo-frontend has 3 ready endpoints',
    ])
      expect(text).toContain(`  ✓ ${check}`);

    // 5. One address, several pods
    guide.press('n');
    await guide.waitFor('5. One address, several pods');
    const answered = await guide.runUntilSpread(1, `kubectl exec jumpbox -n ${ns} -- sh -c '`, (t) =>
      whoamiHostnames(t, 'echo-frontend'),
    );
    const pods = podNames(ns, 'app=echo-frontend');
    for (const pod of answered) expect(pods).toContain(pod);
    await guide.waitFor('  ✓ requests to the Service are spread over several replicas', 60_000);
    await guide.answer(
      2,
      'How many different pods can answer requests sent to echo-frontend right now?',
      String(readyEndpointCount(ns, 'echo-frontend')),
    );
    await guide.waitFor('── checks ── step passed');

    // 6. Reading a Service: the answers come from the cluster, as the step asks.
    guide.press('n');
    await guide.waitFor('6. Reading a Service');
    const kubernetesService = JSON.parse(kubectl('get', 'service', 'kubernetes', '-n', 'default', '-o', 'json')) as {
      metadata: { labels?: Record<string, string> };
      spec: { ports: { port: number; targetPort: number | string }[] };
    };
    const [apiPort] = kubernetesService.spec.ports;
    text = await guide.run(1, 'kubectl describe service kubernetes -n default');
    expect(text).toMatch(new RegExp(`  TargetPort:\\s+${apiPort!.targetPort}/TCP`));
    const containerPort = jsonpath(
      '{.spec.template.spec.containers[0].ports[0].containerPort}',
      'deployment',
      'echo-frontend',
      '-n',
      ns,
    );
    text = await guide.run(2, `kubectl describe service echo-frontend -n ${ns}`);
    expect(text).toMatch(new RegExp(`  TargetPort:\\s+${containerPort}/TCP`));
    expect(text).toMatch(new RegExp(`  IP:\\s+${escapeRegExp(clusterIp)}\n`));
    await guide.answer(
      3,
      'What is the targetPort of the kubernetes Service in the default namespace?',
      String(apiPort!.targetPort),
    );
    await guide.answer(
      4,
      'How many labels does the kubernetes Service carry?',
      String(Object.keys(kubernetesService.metadata.labels ?? {}).length),
    );
    await guide.answer(5, 'On which port do clients reach the kubernetes Service?', String(apiPort!.port));
    await guide.answer(6, 'Which containerPort do the echo-frontend containers declare?', containerPort);
    await guide.waitFor('── checks ── step passed');

    // 7. Clean up, then the summary.
    guide.press('n');
    await guide.waitFor('7. Clean up');
    text = await guide.run(1, `kubectl delete namespace ${ns} --timeout=120s`, 150_000);
    expect(text).toContain(`  namespace "${ns}" deleted`);
    await guide.waitFor('  ✓ the Service, the Deployment and the jumpbox are gone', 60_000);
    await guide.waitFor('✓ Step passed: press n for the summary');
    guide.press('n');
    text = await guide.waitFor('Your progress is saved; `labs list` shows this lab as finished.');
    expect(text).toMatch(/step 7 of 7 █+ 7\/7 done/);
    const lines = text.split('\n').map((line) => line.trimEnd());
    const first = lines.indexOf('🎉 You finished "ClusterIP Services"');
    expect(lines.slice(first, first + 8).map((line) => line.replace(/^(Time taken: +).+$/, '$1<time>'))).toEqual([
      '🎉 You finished "ClusterIP Services"',
      '',
      'Time taken:          <time>',
      'Steps done:          7 of 7 (7 passed)',
      'Hints used:          0',
      'Solutions used:      0',
      '',
      'Your progress is saved; `labs list` shows this lab as finished.',
    ]);
    expect(lines[first + 2]).toMatch(/^Time taken: {10}(\d+ min )?\d+ s$/);
    await guide.quit();
  }, 420_000);

  it('backend-service, reached with `labs jump`: the frontend calls the backend by name', async () => {
    const ns = uniqueNamespace('backend');
    const stateDir = tempDir('k8s-labs-dataplane-state-');
    const jump = await runBin(
      ['jump', 'backend-service', 'reach-backend', '--yes', '--context', TEST_CONTEXT, '--var', `namespace=${ns}`],
      { env: { K8S_LABS_STATE_DIR: stateDir, KUBECONFIG: kubeconfig }, timeoutMs: 240_000 },
    );
    expect(jump.stdout).toContain('Ready at step 4 "reach-backend" (Call the backend by name).');
    expect(jump.code).toBe(0);
    const guide = Guide.open('backend', ['backend-service', '--var', `namespace=${ns}`], stateDir);
    await guide.waitFor(`● ${TEST_CONTEXT} (https://127.0.0.1:`);
    await guide.waitFor('step 4 of 5');
    await guide.waitFor('4. Call the backend by name');

    const backends = podNames(ns, 'app=myapp,type=backend');
    const answered = await guide.runUntilSpread(1, `kubectl exec myapp-frontend -n ${ns} -- sh -c '`, (t) =>
      whoamiHostnames(t, 'myapp-backend'),
    );
    for (const pod of answered) expect(backends).toContain(pod);
    let text = await guide.run(2, `kubectl scale deployment myapp-backend --replicas=5 -n ${ns}`, 180_000);
    expect(text).toContain('── ✓ exit 0');
    expect(text).toMatch(/ {2}Hostname: myapp-backend-\S+\n {2}deployment\.apps\/myapp-backend scaled\n/);
    const clusterIp = jsonpath('{.spec.clusterIP}', 'service', 'back-end', '-n', ns);
    text = await guide.run(3, `kubectl get service back-end -n ${ns}`);
    expect(text).toMatch(
      new RegExp(`  ${escapeRegExp(clusterIp)}\\s+back-end\\.${escapeRegExp(ns)}\\.svc\\.cluster\\.local`),
    );
    await guide.answer(4, 'What cluster IP did Kubernetes give back-end?', clusterIp);
    await guide.waitFor('  ✓ the frontend pod reaches only backend pods at http://back-end', 60_000);
    await guide.waitFor('── checks ── step passed');
    await guide.quit();
  }, 300_000);

  it('services-replicaset, reached with J in the step list: an API pod connects to the database Service', async () => {
    const ns = uniqueNamespace('replicaset');
    const guide = Guide.open('replicaset', ['services-replicaset', '--var', `namespace=${ns}`]);
    await guide.waitFor('1. The database gets a pod of its own');
    await guide.waitFor(`● ${TEST_CONTEXT} (https://127.0.0.1:`);
    guide.press('l');
    await guide.waitFor('▶  1. The database gets a pod of its own (you are here)');
    for (const row of [
      '2. Expose the database inside the cluster',
      '3. Read the Service like a pro',
      '4. Three API pods',
    ]) {
      guide.press('Down');
      await guide.waitFor(`▶  ${row}`);
    }
    guide.press('J');
    await guide.waitFor('Rebuild the cluster for the start of step 4, "Three API pods, one database name"?');
    guide.press('y');
    await guide.waitFor('✓ cluster rebuilt to the start of "Three API pods, one database name"', 180_000);
    await guide.waitFor('step 4 of 6');

    let text = await guide.run(1, `kubectl apply -n ${ns} -f - <<'YAML'`, 180_000);
    expect(text).toContain('── ✓ exit 0');
    expect(text).toContain('  replicaset.apps/go-demo-2-api created');
    const dbPodIp = jsonpath('{.items[*].status.podIP}', 'pods', '-n', ns, '-l', 'type=db');
    text = await guide.run(2, `kubectl get pods -n ${ns} --show-labels`);
    expect(text).toMatch(new RegExp(`  Endpoints:\\s+${escapeRegExp(dbPodIp)}:27017\n`));
    text = await guide.run(3, `kubectl exec rs/go-demo-2-api -n ${ns} -- \\`);
    expect(text).toContain('── ✓ exit 0');
    expect(text).toContain('  connected');
    await guide.waitFor('  ✓ an API pod opens a connection to the database through the Service', 60_000);
    await guide.waitFor('── checks ── step passed');
    await guide.quit();
  }, 300_000);

  it('clusterip-microservices, reached with r: posts reaches both event-bus replicas and back', async () => {
    const ns = uniqueNamespace('micro');
    const guide = Guide.open('micro', ['clusterip-microservices', '--var', `namespace=${ns}`]);
    await guide.waitFor('1. The posts service');
    await guide.waitFor(`● ${TEST_CONTEXT} (https://127.0.0.1:`);
    for (const step of [2, 3, 4, 5]) {
      guide.press('n');
      await guide.waitFor(`step ${step} of 6`);
    }
    await guide.waitFor('5. Scale one side, keep the other untouched');
    guide.press('r');
    await guide.waitFor('Rebuild the cluster for the start of step 5, "Scale one side, keep the other untouched"?');
    guide.press('y');
    await guide.waitFor('✓ cluster rebuilt to the start of "Scale one side, keep the other untouched"', 180_000);

    let text = await guide.run(1, `kubectl scale deployment event-bus --replicas=2 -n ${ns}`, 180_000);
    expect(text).toContain('  deployment "event-bus" successfully rolled out');
    const eventBusPods = podNames(ns, 'app=event-bus');
    expect(eventBusPods).toHaveLength(2);
    text = await guide.run(2, `kubectl describe service event-bus-srv -n ${ns}`);
    expect(text).toMatch(/ {2}Endpoints:\s+\S+:4005,\S+:4005\n/);
    const answered = await guide.runUntilSpread(3, `kubectl exec deploy/posts -n ${ns} -- sh -c '`, (t) =>
      [...t.matchAll(/^ {2}(event-bus-\S+)$/gm)].map((m) => m[1]!),
    );
    expect(answered.sort(), 'both event-bus pods answer').toEqual([...eventBusPods].sort());
    text = await guide.run(4, `for pod in $(kubectl get pods -n ${ns} -l app=event-bus -o name); do`);
    expect(text).toContain('── ✓ exit 0');
    const [posts] = podNames(ns, 'app=posts');
    for (const pod of eventBusPods) expect(text).toContain(`  ${posts}  <- answered posts, asked by pod/${pod}`);
    await guide.answer(
      5,
      'How many endpoints does event-bus-srv have now?',
      String(readyEndpointCount(ns, 'event-bus-srv')),
    );
    await guide.waitFor('  ✓ posts reaches both event-bus replicas, and each of them reaches posts', 60_000);
    await guide.waitFor('── checks ── step passed');
    await guide.quit();
  }, 300_000);
});
