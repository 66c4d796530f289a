/** Waiting for eventual state, without waiting for states that waiting cannot fix. */
import type { CheckContext, CheckOutcome } from '../index.js';

/** An outcome that more time will not change, e.g. a pod that no node can take. */
export type Attempt = CheckOutcome & { final?: boolean };

export const stuck = (outcome: CheckOutcome): Attempt => ({ ...outcome, final: true });

/**
 * Like ctx.eventually, but returns at once when an attempt fails for good, so a learner with a
 * stuck pod hears why now instead of after the check's whole time.
 */
export async function waitUnlessStuck(ctx: CheckContext, attempt: () => Promise<Attempt>): Promise<CheckOutcome> {
  let final: CheckOutcome | undefined;
  const last = await ctx.eventually(async () => {
    const outcome = await attempt();
    if (outcome.passed || !outcome.final) return outcome;
    // A pass ends the waiting; the real, failing outcome is returned below.
    final = outcome;
    return ctx.pass('');
  });
  const result = final ?? last;
  return result.hint === undefined
    ? { passed: result.passed, message: result.message }
    : { passed: result.passed, message: result.message, hint: result.hint };
}
