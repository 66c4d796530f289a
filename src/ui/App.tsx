/**
 * The terminal lab guide. start.ts imports this module lazily, so no other command loads Ink.
 * The first frame draws before the cluster is touched: connecting happens in an effect.
 */
import { Writable } from 'node:stream';
import { render, useApp } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import { useCluster } from '../hooks/useCluster.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { LabPicker } from './LabPicker.js';
import { LabScreen } from './LabScreen.js';
import { PlainPicker } from './plain/PlainPicker.js';
import { PlainScreen } from './plain/PlainScreen.js';
import type { LabChoice, OpenedLab, TuiServices } from './services.js';
import { type Theme, ThemeContext } from './theme.js';

export { themeFromEnv } from './theme.js';

export type AppStart = { kind: 'lab'; opened: OpenedLab } | { kind: 'pick'; choices: LabChoice[] };

export interface AppProps {
  services: TuiServices;
  start: AppStart;
  theme: Theme;
  /**
   * The plain transcript (`--plain`, TERM=dumb): nothing is drawn in place; every line goes
   * through this writer, once.
   */
  plain?: (text: string) => void;
}

export function App({ services, start, theme, plain }: AppProps) {
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
      {opened && plain ? (
        <PlainScreen
          opened={opened}
          services={services}
          cluster={view}
          onCreateCluster={create}
          onExit={quit}
          write={plain}
        />
      ) : opened ? (
        <LabScreen opened={opened} services={services} cluster={view} onCreateCluster={create} onExit={quit} />
      ) : plain ? (
        <PlainPicker choices={start.kind === 'pick' ? start.choices : []} onPick={pick} onQuit={quit} write={plain} />
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

export interface RunAppOptions extends Omit<AppProps, 'plain'> {
  /** The plain transcript instead of the full-screen guide. */
  plain?: boolean;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Aborted (e.g. SIGTERM/SIGINT from outside): unmount; progress is already saved. */
  signal?: AbortSignal;
}

/** Renders the guide and resolves when the learner quits; rejects with the error it exited with. */
export async function runApp(options: RunAppOptions): Promise<void> {
  const { stdout, stdin, stderr, signal, plain, ...props } = options;
  const terminal = stdout ?? process.stdout;
  // Plain: Ink still reads the keys and runs the effects, but its frames go nowhere; the
  // transcript is written to the terminal directly, with no cursor movement or colour.
  const frames = plain ? discardingStream(terminal) : stdout;
  const write = plain ? (text: string) => void terminal.write(text) : undefined;
  const instance = render(<App {...props} {...(write ? { plain: write } : {})} />, {
    exitOnCtrlC: false,
    ...(frames ? { stdout: frames } : {}),
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

/** A stream Ink can draw to that drops what it gets, with the size of the real terminal. */
function discardingStream(terminal: NodeJS.WriteStream): NodeJS.WriteStream {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as NodeJS.WriteStream & {
    columns: number;
    rows: number;
  };
  const size = (): void => {
    sink.columns = terminal.columns || 80;
    sink.rows = terminal.rows || 24;
  };
  size();
  terminal.on('resize', () => {
    size();
    sink.emit('resize');
  });
  return sink;
}
