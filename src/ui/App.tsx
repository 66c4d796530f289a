/**
 * The terminal lab guide. start.ts imports this module lazily, so no other command loads Ink.
 * The first frame draws before the cluster is touched: connecting happens in an effect.
 */
import { render, useApp } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import { useCluster } from '../hooks/useCluster.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { LabPicker } from './LabPicker.js';
import { LabScreen } from './LabScreen.js';
import type { LabChoice, OpenedLab, TuiServices } from './services.js';
import { type Theme, ThemeContext } from './theme.js';

export { themeFromEnv } from './theme.js';

export type AppStart = { kind: 'lab'; opened: OpenedLab } | { kind: 'pick'; choices: LabChoice[] };

export interface AppProps {
  services: TuiServices;
  start: AppStart;
  theme: Theme;
}

export function App({ services, start, theme }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const { view, create } = useCluster(services);
  const [opened, setOpened] = useState<OpenedLab | undefined>(start.kind === 'lab' ? start.opened : undefined);
  const [openError, setOpenError] = useState<Error | undefined>(undefined);
  const quit = useCallback(() => exit(), [exit]);
  const pick = useCallback(
    (id: string) => {
      try {
        setOpened(services.openLab(id));
      } catch (error) {
        setOpenError(error as Error);
      }
    },
    [services],
  );
  // Rendered by the caller once the app has unmounted, like any other error.
  useEffect(() => {
    if (openError) exit(openError);
  }, [openError, exit]);
  if (openError) return null;
  return (
    <ThemeContext.Provider value={theme}>
      {opened ? (
        <LabScreen opened={opened} services={services} cluster={view} onCreateCluster={create} onExit={quit} />
      ) : (
        <LabPicker
          choices={start.kind === 'pick' ? start.choices : []}
          width={Math.max(20, columns - 1)}
          rows={rows}
          onPick={pick}
          onQuit={quit}
        />
      )}
    </ThemeContext.Provider>
  );
}

export interface RunAppOptions extends AppProps {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Aborted (e.g. SIGTERM/SIGINT from outside): unmount; progress is already saved. */
  signal?: AbortSignal;
}

/** Renders the guide and resolves when the learner quits; rejects with the error it exited with. */
export async function runApp(options: RunAppOptions): Promise<void> {
  const { stdout, stdin, stderr, signal, ...props } = options;
  const instance = render(<App {...props} />, {
    exitOnCtrlC: false,
    ...(stdout ? { stdout } : {}),
    ...(stdin ? { stdin } : {}),
    ...(stderr ? { stderr } : {}),
  });
  const onAbort = (): void => instance.unmount();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    instance.cleanup();
  }
}
