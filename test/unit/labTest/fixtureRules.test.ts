import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { CheckReport, CheckStatus } from '../../../src/core/grading/types.js';
import { judgeFixture, messageMatches } from '../../../src/core/labTest/fixtureRules.js';
import { fixtureSchema } from '../../../src/core/schema.js';

const report = (id: string, status: CheckStatus, message: string): CheckReport => ({
  id,
  title: id,
  kind: 'check',
  status,
  message,
  durationMs: 1,
});
const fixture = (fields: Record<string, unknown>) =>
  v.parse(fixtureSchema, { description: 'selector typo', step: 's', ...fields });

describe('fixtures that prove why', () => {
  it('matches a substring (case ignored) or a /pattern/', () => {
    expect(messageMatches('web selects no pod', 'Selects no pod')).toBe(true);
    expect(messageMatches('web selects no pod', '/selects \\w+ pods?$/')).toBe(true);
    expect(messageMatches('there is no Service named web yet', 'selects no pod')).toBe(false);
    expect(messageMatches('NodePort 30081', '/nodeport/i')).toBe(true);
  });

  it('holds a rejecting check to the message the fixture names', () => {
    const typo = fixture({ rejects: ['endpoints'], failsWith: { endpoints: 'selects no pod' } });
    expect(judgeFixture(typo, [report('endpoints', 'fail', 'web selects no pod')])).toMatchObject({
      verdict: 'ok',
      reason: 'rejected by endpoints',
    });
    expect(judgeFixture(typo, [report('endpoints', 'fail', 'there is no Service named web yet')])).toMatchObject({
      verdict: 'violated',
      reason: 'endpoints failed for another reason: "there is no Service named web yet" (expected selects no pod)',
    });
    expect(judgeFixture(typo, [report('endpoints', 'pass', 'ok')])).toMatchObject({
      verdict: 'violated',
      reason: 'endpoints accepted a wrong answer: selector typo',
    });
  });

  it('requires an accepts fixture to pass every check it names', () => {
    const exposed = fixture({ accepts: ['service-port', 'endpoints'] });
    expect(
      judgeFixture(exposed, [report('service-port', 'pass', 'ok'), report('endpoints', 'pass', 'ok')]),
    ).toMatchObject({ verdict: 'ok', reason: 'accepted by service-port, endpoints' });
    expect(
      judgeFixture(exposed, [
        report('service-port', 'fail', 'port is named http-web'),
        report('endpoints', 'pass', 'ok'),
      ]),
    ).toMatchObject({ verdict: 'violated', reason: 'service-port rejected a right answer: port is named http-web' });
  });

  it('counts the API checks that rejected it, with a data-plane check skipped', () => {
    const both = fixture({ rejects: ['api', 'traffic'] });
    expect(
      judgeFixture(both, [report('api', 'fail', 'no'), report('traffic', 'skipped', 'needs a data plane')]),
    ).toMatchObject({
      verdict: 'ok',
      reason: 'rejected by api; traffic skipped: needs a data plane',
    });
    expect(judgeFixture(both, [report('api', 'skipped', 'x'), report('traffic', 'skipped', 'x')]).verdict).toBe(
      'skipped',
    );
  });
});
