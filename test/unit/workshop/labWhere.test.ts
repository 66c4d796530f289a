/**
 * A lab's text where it runs. In a workshop the instructor made the namespaces and owns them, so
 * blocks marked `workshop=skip` (making or deleting the namespace) are shown but not run, blocks
 * marked `workshop=only` (emptying it) run there alone, and a reset empties the namespaces instead
 * of deleting them: they hold the attendee's Role and quota.
 */
import { describe, expect, it } from 'vitest';
import { labWhere, type Step } from '../../../src/core/lab.js';
import { describeOwned } from '../../../src/core/labNamespaces.js';
import { parseMarkdown } from '../../../src/core/markdown.js';
import { stepFrom } from '../../helpers/steps.js';
import { emptyStepProgress } from '../../../src/core/progress.js';
import { ATTENDEE_KINDS, ATTENDEE_RULES, EMPTIED_BY_NAME, planAttendee } from '../../../src/core/workshop/plan.js';
import { resetLab } from '../../../src/adapters/solutions/resetLab.js';
import { lineText } from '../../../src/ui/markdown/types.js';
import { stepDocument } from '../../../src/ui/stepDocument.js';
import { fakeSession, labOnDisk, ok } from '../solutions/fakeRunners.js';

const body = [
  'Make the namespace:',
  '',
  '```sh run workshop=skip',
  'kubectl create namespace demos',
  '```',
  '',
  'Apply the app:',
  '',
  '```sh run',
  'kubectl apply -f app.yaml',
  '```',
  '',
  '```sh run workshop=only',
  'kubectl delete all --all -n demos',
  '```',
].join('\n');

function labWith(markdown: string) {
  return { ...labOnDisk({ s: {} }), steps: [stepFrom('s', markdown)] };
}

const shown = (step: Step): string[] =>
  stepDocument({ step, vars: {}, width: 60, color: false, record: emptyStepProgress() }).lines.map((line) =>
    lineText(line.spans),
  );

describe('labWhere: the text as it runs on one’s own cluster or in a workshop', () => {
  it('reads workshop=skip and workshop=only from the fence, and names any other value', () => {
    const parsed = parseMarkdown(`${body}\n\n\`\`\`sh run workshop=never\necho\n\`\`\`\n`).commands;
    expect(parsed.map((block) => block.workshop ?? block.badWorkshopWord ?? 'everywhere')).toEqual([
      'skip',
      'everywhere',
      'only',
      'workshop=never',
    ]);
  });

  it('on one’s own cluster hides the workshop-only block and numbers the rest from 1', () => {
    const [step] = labWhere(labWith(body), 'own-cluster').steps;
    expect(step!.commands.map((block) => [block.index, block.code])).toEqual([
      [0, 'kubectl create namespace demos'],
      [1, 'kubectl apply -f app.yaml'],
    ]);
    const lines = shown(step!);
    expect(lines.join('\n')).not.toContain('kubectl delete all');
    expect(lines.filter((line) => line.startsWith('▷ ['))).toEqual(['▷ [1] sh', '▷ [2] sh']);
  });

  it('in a workshop shows the namespace block as skipped, not runnable, and runs the workshop-only one', () => {
    const lab = labWhere(labWhere(labWith(body), 'own-cluster'), 'workshop');
    expect(lab.where).toBe('workshop');
    const [step] = lab.steps;
    expect(step!.commands.map((block) => [block.index, block.code])).toEqual([
      [0, 'kubectl apply -f app.yaml'],
      [1, 'kubectl delete all --all -n demos'],
    ]);
    const lines = shown(step!);
    const skipped = lines.indexOf('skipped in a workshop');
    expect(skipped).toBeGreaterThan(0);
    expect(lines[skipped + 1]).toBe('  kubectl create namespace demos');
    expect(lines.filter((line) => line.startsWith('▷ ['))).toEqual(['▷ [1] sh', '▷ [2] sh']);
  });

  it('says a workshop reset empties the namespaces and keeps them', () => {
    expect(describeOwned({ namespaces: ['w-a', 'w-a-elsewhere'], objects: [] }, 'workshop')).toBe(
      'everything you made in namespace w-a, namespace w-a-elsewhere (the namespaces stay: they hold your workshop access)',
    );
    expect(describeOwned({ namespaces: ['demos'], objects: [] })).toBe('namespace demos');
  });
});

describe('a reset in a workshop', () => {
  it('empties each namespace of what an attendee can make, never deleting a namespace', async () => {
    const session = fakeSession((call) =>
      call.args[0] === 'delete' && call.args.includes('--all') && call.args.includes('w-a')
        ? ok('deployment.apps/echo-frontend\npod/jumpbox')
        : ok(`No resources found in ${call.args[call.args.indexOf('-n') + 1]} namespace.`),
    );
    const lab = labWhere(
      labOnDisk({ s: {} }, { namespaces: ['{{namespace}}', '{{namespace}}-elsewhere'] }),
      'workshop',
    );
    const lines: string[] = [];
    const result = await resetLab(session, lab, { namespace: 'w-a' }, { onLine: (line) => lines.push(line) });
    const args = session.calls.map((call) => call.args.join(' '));
    expect(args.some((line) => /namespace\b/.test(line.split(' ')[1]!))).toBe(false);
    const tail = '--ignore-not-found --wait --timeout=180s -o name';
    expect(args).toEqual(
      ['w-a', 'w-a-elsewhere'].flatMap((ns) => [
        `delete ${ATTENDEE_KINDS.join(',')} --all -n ${ns} ${tail}`,
        `delete configmaps --field-selector=metadata.name!=kube-root-ca.crt -n ${ns} ${tail}`,
        `delete serviceaccounts --field-selector=metadata.name!=default -n ${ns} ${tail}`,
      ]),
    );
    expect(result).toEqual({
      namespaces: [],
      objects: ['deployment.apps/echo-frontend in w-a', 'pod/jumpbox in w-a'],
    });
    expect(lines).toEqual(['deleted deployment.apps/echo-frontend in w-a', 'deleted pod/jumpbox in w-a']);
  });

  it('deletes only kinds the attendee’s Role lets them write, and they may not delete their namespaces', () => {
    const writable = (group: string, resource: string): boolean =>
      ATTENDEE_RULES.some(
        (rule) =>
          rule.apiGroups.includes(group) &&
          (rule.resources.includes('*') || rule.resources.includes(resource)) &&
          (rule.verbs.includes('*') || rule.verbs.includes('delete')),
      );
    for (const kind of [...ATTENDEE_KINDS, ...Object.keys(EMPTIED_BY_NAME)]) {
      const [resource, ...group] = kind.split('.');
      expect(writable(group.join('.'), resource!), kind).toBe(true);
    }
    const lab = labOnDisk({ s: {} });
    const plan = planAttendee({ workshop: 'w', lab, attendee: 'a' });
    const namespaces = plan.objects.find(
      (object) => object.kind === 'ClusterRole' && object.metadata.name.endsWith('-namespaces'),
    ) as unknown as { rules: { verbs: string[] }[] };
    expect(namespaces.rules[0]!.verbs).not.toContain('delete');
  });
});
