/**
 * Every lab, step and question id that the README, docs/ and `labs <command> --help` show in a
 * command line exists in labs/: an example a learner copies must work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLabs, loadLabAt } from '../../src/adapters/fs/labRepository.js';
import { commands } from '../../src/cli/commands.js';
import { repoRoot, runBin } from '../helpers/bin.js';

const labs = findLabs(repoRoot).map((location) => loadLabAt(location).lab!);
const labIds = new Set(labs.map((lab) => lab.id));
/** The lab name the authoring docs use for "your own lab". */
const AUTHOR_EXAMPLE = 'my-lab';
const VALUED = new Set(['--step', '--context', '--var', '--junit', '--dir', '--jobs', '--kubeconfig']);
const LAB_FIRST = new Set(['start', 'check', 'hint', 'solve', 'reset', 'prepare', 'test', 'list', 'validate', 'jump']);

/** Command lines in a text: inline code and code-block lines that start with labs or k8s-labs. */
function commandLines(text: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|[`$\s])(?:k8s-)?labs ((?:start|check|answer|hint|solve|jump|reset|prepare|test|list|validate)\b[^`|#&\n]*)/gm;
  for (const match of text.matchAll(pattern)) found.push(match[1]!.trim());
  return found;
}

const placeholder = (token: string): boolean => /[<>[\]./{}$]/.test(token) || token === AUTHOR_EXAMPLE;

/** What is wrong with the ids in one command line, if anything. */
function problems(line: string): string[] {
  const tokens = line.split(/\s+/).filter(Boolean);
  // Output shown in the docs, not a command ("labs test on context k8s-labs-test: ...", "labs test fixture (sound)").
  if (tokens.some((token) => token.endsWith(':') || token.startsWith('('))) return [];
  const [verb, ...rest] = tokens;
  const positionals: string[] = [];
  let step: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (token.startsWith('--')) {
      if (VALUED.has(token)) {
        if (token === '--step') step = rest[i + 1];
        i++;
      }
      continue;
    }
    positionals.push(token.replace(/^["']|["']$/g, ''));
  }
  const wrong: string[] = [];
  const labNamed = (id: string | undefined) => (id && !placeholder(id) ? labs.find((lab) => lab.id === id) : undefined);
  const checkLab = (id: string | undefined): void => {
    if (id && !placeholder(id) && !labIds.has(id)) wrong.push(`no lab "${id}"`);
  };
  const checkStep = (labId: string | undefined, id: string | undefined): void => {
    if (!id || placeholder(id) || id === 'ID') return;
    const lab = labNamed(labId);
    const steps = (lab ? [lab] : labs).flatMap((l) => l.steps.map((s) => s.id));
    if (!steps.includes(id)) wrong.push(`no step "${id}"${lab ? ` in ${lab.id}` : ''}`);
  };
  if (verb === 'answer') {
    const [labId, question] = positionals.length >= 3 ? positionals : [undefined, ...positionals];
    checkLab(labId);
    const lab = labNamed(labId);
    const questions = (lab ? [lab] : labs).flatMap((l) => l.steps.flatMap((s) => s.questions.map((q) => q.id)));
    if (question && !placeholder(question) && !questions.includes(question))
      wrong.push(`no question "${question}"${lab ? ` in ${lab.id}` : ''}`);
  } else if (LAB_FIRST.has(verb!)) {
    checkLab(positionals[0]);
    if (verb === 'jump') checkStep(positionals[0], positionals[1]);
    checkStep(positionals[0], step);
  }
  return wrong.map((problem) => `${problem}: labs ${line}`);
}

describe('ids in documented command lines', () => {
  it('the checker finds a wrong id', () => {
    expect(problems('jump clusterip the-loop')).toEqual([
      'no step "the-loop" in clusterip: labs jump clusterip the-loop',
    ]);
    expect(problems('answer kube-target-port 6443')).toHaveLength(1);
    expect(problems('answer clusterip kubernetes-target-port 6443')).toEqual([]);
  });

  it('README.md and docs/ name only ids that exist', () => {
    const files = ['README.md', ...readdirSync(path.join(repoRoot, 'docs')).map((name) => path.join('docs', name))];
    const wrong = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) =>
        commandLines(readFileSync(path.join(repoRoot, file), 'utf8')).flatMap((line) =>
          problems(line).map((problem) => `${file}: ${problem}`),
        ),
      );
    expect(wrong).toEqual([]);
  });

  it('every command help names only ids that exist', async () => {
    const wrong: string[] = [];
    for (const command of commands) {
      const help = await runBin([command.name, '--help']);
      expect(help.code, command.name).toBe(0);
      wrong.push(
        ...commandLines(help.stdout).flatMap((line) => problems(line).map((p) => `${command.name} --help: ${p}`)),
      );
    }
    expect(wrong).toEqual([]);
  });
});
