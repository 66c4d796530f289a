/** A ref that always holds the latest value, for callbacks used inside long-running effects. */
import { useRef } from 'react';

export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
