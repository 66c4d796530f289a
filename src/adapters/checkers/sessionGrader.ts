/** A Grader wired to an open cluster session and the checker loader: what commands and the TUI use. */
import { createGrader } from '../../core/grading/grader.js';
import type { Grader } from '../../core/grading/types.js';
import type { ClusterSession } from '../connect.js';
import { createCheckerLoader } from './loadChecker.js';

export function createSessionGrader(
  session: Pick<ClusterSession, 'reader' | 'podExec' | 'capabilities'>,
  loadChecker = createCheckerLoader(),
): Grader {
  return createGrader({
    reader: session.reader,
    podExec: session.podExec,
    capabilities: () => session.capabilities(),
    loadChecker,
  });
}
