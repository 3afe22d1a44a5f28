import type * as maplibregl from 'maplibre-gl';

/**
 * Mirrors the map's render state onto data attributes of `target` so that tests and operators can
 * tell when a change has reached the screen: `data-frames` counts rendered frames and
 * `data-idle` is "true" once maplibre has no camera moves or repaints pending.
 * Written to the DOM directly: a React update per frame would cost more than the frame.
 */
export function attachRenderProbe(map: maplibregl.Map, target: HTMLElement): () => void {
  let frames = 0;
  const onRender = (): void => {
    frames++;
    target.dataset.frames = String(frames);
    target.dataset.idle = 'false';
  };
  const onIdle = (): void => {
    target.dataset.idle = 'true';
  };
  map.on('render', onRender);
  map.on('idle', onIdle);
  return () => {
    map.off('render', onRender);
    map.off('idle', onIdle);
  };
}

/** Call after changing layers: marks the probe busy and asks for a frame, which ends in `idle`. */
export function markDirty(map: maplibregl.Map, target: HTMLElement): void {
  target.dataset.idle = 'false';
  map.triggerRepaint();
}
