/** The terminal's size, updated when it is resized. */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void =>
      setSize((before) => {
        const next = read();
        return next.columns === before.columns && next.rows === before.rows ? before : next;
      });
    stdout.on('resize', onResize);
    // The size may have changed between the first render and this subscription.
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
