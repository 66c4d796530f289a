import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import {
  readCurrentContext,
  restoreCurrentContexts,
  snapshotCurrentContexts,
  withCurrentContext,
} from '../../../src/adapters/kind/currentContext.js';
import { NODE_IMAGE } from '../../../src/adapters/kind/nodeImage.js';
import { type ClusterPhase, createPhaseTracker, parseKindLine } from '../../../src/adapters/kind/phases.js';
import { KIND_VERSION } from '../../../src/core/doctor/installHints.js';

/** What `kind create cluster` prints on stderr when it is not a terminal. */
const KIND_OUTPUT = `Creating cluster "k8s-labs" ...
 • Ensuring node image (kindest/node:v1.37.0) 🖼  ...
 ✓ Ensuring node image (kindest/node:v1.37.0) 🖼
 • Preparing nodes 📦   ...
 ✓ Preparing nodes 📦 
 • Writing configuration 📜  ...
 ✓ Writing configuration 📜
 • Starting control-plane 🕹️  ...
 ✓ Starting control-plane 🕹️
 • Installing CNI 🔌  ...
 ✓ Installing CNI 🔌
 • Installing StorageClass 💾  ...
 ✓ Installing StorageClass 💾
Set kubectl context to "kind-k8s-labs"
You can now use your cluster with:

kubectl cluster-info --context kind-k8s-labs`;

describe('parseKindLine', () => {
  test('reads start, done and failure marks, dropping emoji and the trailing dots', () => {
    expect(parseKindLine(' • Ensuring node image (kindest/node:v1.37.0) 🖼  ...')).toEqual({
      mark: 'start',
      id: 'node-image',
      title: 'Ensuring node image (kindest/node:v1.37.0)',
    });
    expect(parseKindLine(' ✓ Starting control-plane 🕹️')).toEqual({
      mark: 'done',
      id: 'control-plane',
      title: 'Starting control-plane',
    });
    expect(parseKindLine(' ✗ Preparing nodes 📦 ')).toEqual({ mark: 'failed', id: 'nodes', title: 'Preparing nodes' });
    expect(parseKindLine(' ⢎⡰ Installing CNI 🔌')).toMatchObject({ mark: 'start', id: 'cni' });
    expect(parseKindLine(' • Doing something new 🆕  ...')).toEqual({
      mark: 'start',
      id: 'doing-something-new',
      title: 'Doing something new',
    });
    for (const other of [
      'Creating cluster "k8s-labs" ...',
      'Set kubectl context to "kind-k8s-labs"',
      '',
      'ERROR: failed to create cluster: x',
    ]) {
      expect(parseKindLine(other)).toBeUndefined();
    }
  });
});

describe('createPhaseTracker', () => {
  test('turns kind output into timed phases, then our own', () => {
    let clock = 0;
    const seen: [ClusterPhase, number][] = [];
    const tracker = createPhaseTracker(
      (phase, elapsed) => seen.push([phase, elapsed]),
      () => clock,
    );
    for (const line of KIND_OUTPUT.split('\n')) {
      clock += 1000;
      tracker.kindLine(line);
    }
    tracker.start('node-ready', 'Waiting for the node to be Ready');
    clock += 500;
    tracker.done();
    expect(tracker.finished.map((phase) => phase.id)).toEqual([
      'node-image',
      'nodes',
      'config',
      'control-plane',
      'cni',
      'storage',
      'node-ready',
    ]);
    expect(tracker.finished.map((phase) => phase.ms)).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 500]);
    expect(seen.filter(([phase]) => phase.status === 'started')).toHaveLength(7);
    expect(seen.at(-1)).toEqual([
      { id: 'node-ready', title: 'Waiting for the node to be Ready', status: 'done', phaseMs: 500 },
      tracker.elapsedMs(),
    ]);
  });

  test('a failure mark fails the running phase; starting a phase ends the previous one', () => {
    let clock = 0;
    const seen: ClusterPhase[] = [];
    const tracker = createPhaseTracker(
      (phase) => seen.push(phase),
      () => clock,
    );
    tracker.start('a', 'A');
    clock = 5;
    tracker.start('b', 'B');
    tracker.kindLine(' ✗ Starting control-plane 🕹️');
    expect(seen.map((phase) => `${phase.id}:${phase.status}`)).toEqual([
      'a:started',
      'a:done',
      'b:started',
      'b:done',
      'control-plane:started',
      'control-plane:failed',
    ]);
    expect(tracker.current()).toBeUndefined();
  });
});

describe('the shipped kind config', () => {
  test('pins the node image by digest, the same one the code and docs name', () => {
    const config = yaml.load(readFileSync('kind/cluster.yaml', 'utf8')) as {
      kind: string;
      apiVersion: string;
      nodes: { role: string; image: string }[];
    };
    expect(config).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' });
    expect(config.nodes.map((node) => node.image)).toEqual([NODE_IMAGE]);
    expect(NODE_IMAGE).toMatch(/^kindest\/node:v1\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    const docs = readFileSync('docs/cluster.md', 'utf8');
    expect(docs).toContain(NODE_IMAGE);
    expect(docs).toContain(`kind ${KIND_VERSION}`);
  });
});

describe('current-context preservation', () => {
  const file = (text: string): string => {
    const name = path.join(mkdtempSync(path.join(os.tmpdir(), 'current-context-')), 'config');
    writeFileSync(name, text);
    return name;
  };

  test('reads plain and quoted values', () => {
    expect(readCurrentContext('apiVersion: v1\ncurrent-context: prod\n')).toBe('prod');
    expect(readCurrentContext('current-context: "arn:aws:eks:eu-west-1:1:cluster/x"\n')).toBe(
      'arn:aws:eks:eu-west-1:1:cluster/x',
    );
    expect(readCurrentContext('current-context: ""\n')).toBeUndefined();
    expect(readCurrentContext('kind: Config\n')).toBeUndefined();
  });

  test('puts back a switched current-context, touching only that line', () => {
    const config = file('apiVersion: v1\nclusters: []\ncurrent-context: prod\nkind: Config\n');
    const untouched = file('current-context: other\n');
    const snapshot = snapshotCurrentContexts([config, untouched, '/does/not/exist']);
    writeFileSync(config, 'apiVersion: v1\nclusters: [x]\ncurrent-context: kind-k8s-labs\nkind: Config\n');
    expect(restoreCurrentContexts(snapshot)).toEqual([config]);
    expect(readFileSync(config, 'utf8')).toBe('apiVersion: v1\nclusters: [x]\ncurrent-context: prod\nkind: Config\n');
    expect(readFileSync(untouched, 'utf8')).toBe('current-context: other\n');
  });

  test('a file with no current-context before keeps what kind wrote', () => {
    const config = file('apiVersion: v1\n');
    const snapshot = snapshotCurrentContexts([config]);
    writeFileSync(config, 'current-context: kind-k8s-labs\n');
    expect(restoreCurrentContexts(snapshot)).toEqual([]);
    expect(withCurrentContext('a: 1', 'x:y')).toBe('a: 1\ncurrent-context: x:y\n');
  });
});
