/** Whether the guide may use colour: off under NO_COLOR or TERM=dumb, as https://no-color.org asks. */
import { createContext, useContext } from 'react';

export interface Theme {
  color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: true });

export const useTheme = (): Theme => useContext(ThemeContext);

export function themeFromEnv(env: NodeJS.ProcessEnv): Theme {
  return { color: !('NO_COLOR' in env) && env['TERM'] !== 'dumb' };
}
