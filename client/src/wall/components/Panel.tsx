import type { ReactNode } from 'react';
import type { PanelRect } from '../layout/panelLayout.js';

/** A framed panel at its place on the design canvas. */
export function Panel({ rect, title, testId, children }: { rect: PanelRect; title: string; testId: string; children: ReactNode }) {
  return (
    <div className="wall-panel" data-testid={testId} style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height }}>
      <h2 className="wall-panel__title">{title}</h2>
      {children}
    </div>
  );
}
