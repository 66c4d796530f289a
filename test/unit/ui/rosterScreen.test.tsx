import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { RosterScreen } from '../../../src/ui/workshop/RosterScreen.js';
import type { RosterRow } from '../../../src/core/workshop/roster.js';

afterEach(cleanup);

const row = (attendee: string, stepNumber: number, stuck: boolean, extra: Partial<RosterRow> = {}): RosterRow => ({
  attendee,
  namespace: `kcd-${attendee}`,
  step: ['scene', 'jumpbox', 'failing-curl', 'create-service'][stepNumber - 1]!,
  stepNumber,
  steps: 7,
  checksPassed: 0,
  checks: 1,
  questionsRight: 0,
  questions: 6,
  hints: 0,
  solutions: 0,
  secondsOnStep: 120,
  stuck,
  done: stepNumber - 1,
  ...extra,
});

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));
const table = (frame: string | undefined): string[] =>
  (frame ?? '')
    .split('\n')
    .filter((line) => /^attendee-|^ann|^bob|^cy/.test(line))
    .map((line) => line.split(/\s+/)[0]!);

describe('the live roster', () => {
  it('puts the stuck first, re-sorts on s, updates from the watch, opens the selected attendee on Enter', async () => {
    let push: (rows: RosterRow[]) => void = () => undefined;
    const app = render(
      <RosterScreen
        workshop="kcd"
        lab="clusterip"
        initial={[row('ann', 2, false), row('bob', 1, true), row('cy', 4, false)]}
        subscribe={(listener) => {
          push = listener;
          return () => undefined;
        }}
        details={(attendee) => [{ title: `${attendee}'s check`, status: 'fail', message: 'not yet' }]}
        now={() => new Date('2026-01-01T00:00:00Z')}
      />,
    );
    await tick();
    expect(app.lastFrame()).toContain('workshop kcd · clusterip · 3 attendees · 1 stuck · sorted by stuck');
    expect(table(app.lastFrame())).toEqual(['bob', 'ann', 'cy']);
    app.stdin.write('s');
    await tick();
    expect(app.lastFrame()).toContain('sorted by step');
    app.stdin.write('s');
    await tick();
    expect(table(app.lastFrame())).toEqual(['ann', 'bob', 'cy']);
    push([row('ann', 2, false), row('bob', 3, false, { checksPassed: 1 }), row('cy', 4, true)]);
    await tick();
    expect(app.lastFrame()).toContain('1 stuck');
    expect(app.lastFrame()).toMatch(/bob\s+3\/7 failing-curl\s+1\/1/);
    app.stdin.write('\u001B[B');
    await tick();
    app.stdin.write('\r');
    await tick();
    expect(app.lastFrame()).toContain("✗ bob's check: not yet");
  });
});
