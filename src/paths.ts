import os from 'node:os';
import path from 'node:path';

/** A `vaxdesk` folder in the user's data directory, as each platform names it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'vaxdesk');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'vaxdesk');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'vaxdesk');
}
