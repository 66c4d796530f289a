/** The result of looking something up: the object, or the outcome that explains its absence. */
import type { CheckOutcome } from '../index.js';

export type Found<T> = { ok: true; value: T } | { ok: false; outcome: CheckOutcome };

export const found = <T>(value: T): Found<T> => ({ ok: true, value });
export const missing = <T>(outcome: CheckOutcome): Found<T> => ({ ok: false, outcome });
