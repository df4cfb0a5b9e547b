import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads once per change of `key` (and on reload); a late answer for an old key is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ token?: string; data?: T; error?: unknown }>({});
  const [round, setRound] = useState(0);
  const token = `${key}#${round}`;
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (data) => live && setState({ token, data }),
      (error: unknown) => live && setState((previous) => ({ token, data: previous.data, error })),
    );
    return () => {
      live = false;
    };
  }, [token]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const loading = state.token !== token;
  return { data: state.data, error: loading ? undefined : state.error, loading, reload };
}
