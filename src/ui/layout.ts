/**
 * How the terminal's rows are shared: header, body, output pane, check results, dialog and
 * footer. The live area stays one row short of the terminal so Ink redraws it in place.
 */

export interface RowRequest {
  rows: number;
  header: number;
  footer: number;
  dialog: number;
  /** Rows the output pane would like (0 when hidden). */
  output: number;
  /** Rows the check results would like (0 when hidden). */
  checks: number;
}

export interface RowPlan {
  body: number;
  output: number;
  checks: number;
}

/** The body keeps at least this many rows while it can. */
export const MIN_BODY_ROWS = 4;

/**
 * The body keeps at least half of the rows between header and footer: the step is what the
 * learner reads, the panes below are a glance (the checks pane says how many lines it hides);
 * of the other half the checks come first, then the output pane.
 */
const bodyFloor = (left: number): number => Math.max(MIN_BODY_ROWS, Math.ceil(left / 2));

export function planRows(request: RowRequest): RowPlan {
  const live = Math.max(1, request.rows - 1);
  let left = Math.max(0, live - request.header - request.footer - request.dialog);
  const floor = bodyFloor(left);
  const share = (wanted: number): number => {
    const granted = Math.max(0, Math.min(wanted, left - floor));
    left -= granted;
    return granted;
  };
  // The checks are what the learner acts on; the output pane scrolls ([ ]) and is in the scrollback.
  const checks = share(request.checks);
  const output = share(request.output);
  return { body: Math.max(1, left), output, checks };
}
