// `labs test --step` / `--fixture` through the built bin, before any cluster is opened.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin } from '../helpers/bin.js';

const lab = path.join(repoRoot, 'test', 'fixtures', 'troubleshoot', 'labs', 'broken-shop');

describe('labs test --step / --fixture (built bin, no cluster)', () => {
  it('names the closest step when the step is unknown', async () => {
    const result = await runBin(['test', lab, '--step', 'replica', '--context', 'no-such-context']);
    expect(result.stderr).toContain('error: lab "broken-shop" has no step "replica"');
    expect(result.stderr).toContain('did you mean "replicas"?');
    expect(result.code).toBe(2);
  });

  it('names the closest fixture when the fixture is unknown', async () => {
    const result = await runBin(['test', lab, '--fixture', 'shop-serves/one-replicas', '--context', 'no-such-context']);
    expect(result.stderr).toContain('error: lab "broken-shop" has no fixture "shop-serves/one-replicas"');
    expect(result.stderr).toContain('did you mean "shop-serves/one-replica"?');
    expect(result.code).toBe(2);
  });

  it('says a partial run does not prove the lab', async () => {
    const result = await runBin(['test', lab, '--step', 'replicas', '--context', 'no-such-context']);
    expect(result.stderr).toContain(
      'partial run: only step "replicas" of broken-shop was tested (earlier steps replayed, not tested; later steps not run). This does not prove the lab: run `labs test broken-shop` in full before publishing it.',
    );
    // The cluster is opened after the note: this context does not exist.
    expect(result.code).toBe(3);
  });
});
