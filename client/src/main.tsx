// First: configures zod before any module builds a schema.
import './zodJitless.js';
import { StrictMode, Suspense, lazy, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { Wall } from './wall/components/Wall.js';
import { PAGE_BUILD } from './live/useBuildReload.js';
import './wall/wall.css';

/**
 * The screens other than the wall, each a feature folder with a `screen.tsx` whose default export
 * is the screen. Loaded only on their own path (`/desk`, `/lead`), so the wall's first load stays
 * the wall's.
 */
const screens = import.meta.glob<{ default: ComponentType }>('./*/screen.tsx');

/** The screen for a path: its first segment names the feature folder; anything else is the wall. */
export function screenFor(pathname: string): ComponentType {
  const name = pathname.split('/')[1] ?? '';
  const load = name === 'wall' ? undefined : screens[`./${name}/screen.tsx`];
  return load ? lazy(load) : Wall;
}

// The build this page runs, for whoever inspects a screen (and the upgrade test): <html data-build>.
if (PAGE_BUILD.build) document.documentElement.dataset.build = PAGE_BUILD.build;

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const Screen = screenFor(location.pathname);

createRoot(container).render(
  <StrictMode>
    <Suspense fallback={null}>
      <Screen />
    </Suspense>
  </StrictMode>,
);
