/** `--duration 8h`, `90m`, `2h30m`: seconds; tokens shorter than 10 minutes are refused by the API. */
import { inputError } from '../../errors.js';

export function parseDuration(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.trim());
  const seconds = match && (match[1] || match[2]) ? Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 : NaN;
  if (!Number.isFinite(seconds) || seconds < 600 || seconds > 7 * 24 * 3600)
    throw inputError(`--duration ${text}: give 10m to 168h`, 'e.g. --duration 8h or --duration 90m');
  return seconds;
}
