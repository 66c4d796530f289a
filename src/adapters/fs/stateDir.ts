/** Where k8s-labs keeps the learner's state: XDG on Linux, the platform's equivalent elsewhere. */
import os from 'node:os';
import path from 'node:path';

/** Environment variable that overrides the state directory (tests, workshops on shared machines). */
export const STATE_DIR_ENV = 'K8S_LABS_STATE_DIR';

export function stateDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
  home = os.homedir(),
): string {
  if (env[STATE_DIR_ENV]) return path.resolve(env[STATE_DIR_ENV]);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'k8s-labs');
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'), 'k8s-labs');
  return path.join(env['XDG_STATE_HOME'] || path.join(home, '.local', 'state'), 'k8s-labs');
}
