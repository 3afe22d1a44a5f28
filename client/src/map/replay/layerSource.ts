import type { Layer } from '@deck.gl/core';
import { useSyncExternalStore } from 'react';

/**
 * Layers that change on their own (a replay playing): a map component reads them with
 * `useLayerSource` and adds them to its list, so only the map re-renders as they change.
 */
export interface LayerSource {
  subscribe(listener: () => void): () => void;
  getVersion(): number;
  layers(): readonly Layer[];
}

const NONE: readonly Layer[] = [];
const noSubscribe = (): (() => void) => () => {};
const noVersion = (): number => 0;

/** The source's layers, re-read on each of its changes (none without a source). */
export function useLayerSource(source: LayerSource | null | undefined): readonly Layer[] {
  const version = useSyncExternalStore(source ? source.subscribe : noSubscribe, source ? source.getVersion : noVersion);
  // The version is what changes; the layers are built for it.
  return source ? layersAt(source, version) : NONE;
}

const built = new WeakMap<LayerSource, { version: number; layers: readonly Layer[] }>();

function layersAt(source: LayerSource, version: number): readonly Layer[] {
  const cached = built.get(source);
  if (cached?.version === version) return cached.layers;
  const layers = source.layers();
  built.set(source, { version, layers });
  return layers;
}
