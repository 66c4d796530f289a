import { describe, expect, it } from 'vitest';
import { checkAnnouncements, echoEdit, plainLine } from '../../../src/ui/plain/announce.js';
import { check, stepReport } from './fakes.js';

describe('the plain transcript announces', () => {
  it('each check as one line, then the verdict', () => {
    const report = stepReport('expose', [
      check('service-exists', 'pass', 'web exists'),
      check('service-port', 'fail', 'web listens on 81', { hint: 'the question asks for port 80' }),
      check('traffic', 'skipped', 'needs a data plane'),
    ]);
    expect(checkAnnouncements(report)).toEqual([
      'check 1 of 3 passed: service-exists title: web exists',
      'check 2 of 3 failed: service-port title: web listens on 81 (hint: the question asks for port 80)',
      'check 3 of 3 cannot run on this cluster: traffic title: needs a data plane',
      '1 of 3 checks passed',
    ]);
  });

  it('after an auto-check re-grading, only what changed, and nothing when nothing did', () => {
    const before = stepReport('expose', [check('a', 'fail', 'no web yet'), check('b', 'pass', 'ok')]);
    const same = stepReport('expose', [check('a', 'fail', 'no web yet'), check('b', 'pass', 'ok')]);
    const fixed = stepReport('expose', [check('a', 'pass', 'web exists'), check('b', 'pass', 'ok')]);
    expect(checkAnnouncements(same, before)).toEqual([]);
    expect(checkAnnouncements(fixed, before)).toEqual([
      'check 1 of 2 passed: a title: web exists',
      'step passed: press n for the next step',
    ]);
  });

  it('rendered lines without gutters and selection marks', () => {
    expect(plainLine({ spans: [{ text: '▶ [1] ' }, { text: 'sh' }, { text: '  Enter runs it' }] })).toBe('[1] sh');
    expect(plainLine({ spans: [{ text: '┃ ' }, { text: 'kubectl get pods' }] })).toBe('  kubectl get pods');
    expect(plainLine({ spans: [{ text: '  │ ' }, { text: 'quoted' }] })).toBe('    quoted');
  });

  it('answer edits as terminal echo: appended text, erased characters, or the line again', () => {
    expect(echoEdit('8', '80', 'answer: ')).toBe('0');
    expect(echoEdit('801', '80', 'answer: ')).toBe('\b \b');
    expect(echoEdit('99', '', 'answer: ')).toBe('\b \b\b \b');
    expect(echoEdit('80', '90', 'answer: ')).toBe('\nanswer: 90');
  });
});
