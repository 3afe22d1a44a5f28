import type { Map as MaplibreMap } from 'maplibre-gl';

/**
 * Runs `write` now and after every move and resize of the map (what writes screen positions out,
 * such as the children's anchors a person or a test clicks); the returned function stops it, for
 * an effect's cleanup.
 */
export function writeOnMove(map: MaplibreMap, write: () => void): () => void {
  write();
  map.on('moveend', write);
  map.on('resize', write);
  return () => {
    map.off('moveend', write);
    map.off('resize', write);
  };
}
