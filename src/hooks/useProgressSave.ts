/**
 * Saves the guide's progress whenever it changes, by merging: the file is read again and only
 * what this session changed since its last save is applied, so an answer recorded meanwhile with
 * `labs answer` in another terminal survives.
 */
import { useEffect, useRef } from 'react';
import { type LabProgress, mergeProgressChanges } from '../core/progress.js';
import type { ProgressSaver } from '../ui/services.js';

export function useProgressSave(
  store: ProgressSaver,
  loaded: LabProgress,
  progress: LabProgress,
  onError: (message: string) => void,
): void {
  // What the file held, as far as this session knows: what it loaded, then what it last saved.
  const saved = useRef(loaded);
  useEffect(() => {
    const base = saved.current;
    if (progress === base) return;
    try {
      store.update(progress.lab, (disk) => mergeProgressChanges(disk, base, progress));
      saved.current = progress;
    } catch (error) {
      // The base stays, so the next save applies these changes too.
      onError(`could not save progress: ${(error as Error).message}`);
    }
  }, [progress, store, onError]);
}
