import { useCallback, useEffect, useState } from 'react';
import { parseDeskUrl, serialiseDeskUrl, type DeskState } from '../state/deskUrl.js';

/**
 * The desk's state lives in the URL: every change is a history entry (back/forward step through
 * views), a reload or a copied link parses back to the same view.
 */
export function useDeskUrl(): [DeskState, (next: DeskState, options?: { replace?: boolean }) => void] {
  const [state, setState] = useState(() => parseDeskUrl(location.search));
  useEffect(() => {
    const onPop = () => setState(parseDeskUrl(location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: DeskState, options: { replace?: boolean } = {}) => {
    const url = `${location.pathname}${serialiseDeskUrl(next)}`;
    if (url !== `${location.pathname}${location.search}`) {
      if (options.replace) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    }
    setState(next);
  }, []);
  return [state, navigate];
}
