import { useCallback, useEffect, useState } from 'react';
import { callsApi } from './callsApi';

const STORAGE_KEY = 'hotline.cti.ext';

function stored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * This desk's telephone extension. Remembered in the browser and registered with the server
 * whenever the console opens (the server's registration is a lease that expires), so the CTI
 * screen pop for calls ringing at this extension comes to this agent.
 */
export function useAgentExtension(enabled: boolean) {
  const [ext, setExt] = useState<string | null>(stored);

  useEffect(() => {
    if (!enabled) return;
    const local = stored();
    if (local) {
      void callsApi.registerExtension(local).catch(() => undefined);
      return;
    }
    // A new browser: take over what this agent registered elsewhere.
    const ctrl = new AbortController();
    callsApi.extension(ctrl.signal).then(
      (r) => r.ext && setExt(r.ext),
      () => undefined,
    );
    return () => ctrl.abort();
  }, [enabled]);

  const save = useCallback(async (next: string) => {
    const { ext: saved } = await callsApi.registerExtension(next.trim());
    try {
      window.localStorage.setItem(STORAGE_KEY, saved);
    } catch {
      // private mode: the server still has it for this session
    }
    setExt(saved);
  }, []);

  return { ext, save };
}
