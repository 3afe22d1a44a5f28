import type { CityTopology } from '../../../../shared/src/city/topology.js';

/**
 * Two unit squares side by side sharing arc 1, in a transform where one integer step is 0.5°:
 *   A = (0,0)-(2,2) → lon 100–101, lat 30–31;  B = (2,0)-(4,2) → lon 101–102, lat 30–31.
 * For tests only.
 */
export function twoSquaresTopology(): CityTopology {
  return {
    type: 'Topology',
    transform: { scale: [0.5, 0.5], translate: [100, 30] },
    objects: {
      areas: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'MultiPolygon', id: 'A', properties: { name: '甲' }, arcs: [[[0, 1]]] },
          { type: 'Polygon', id: 'B', properties: { name: '乙' }, arcs: [[2, ~1]] },
        ],
      },
    },
    // Delta-encoded: arc 0 = (2,0)→(0,0)→(0,2)→(2,2); arc 1 = (2,2)→(2,0); arc 2 = (2,2)→(4,2)→(4,0)→(2,0).
    // B closes with arc 1 reversed (~1), as TopoJSON does for a shared border.
    arcs: [
      [[2, 0], [-2, 0], [0, 2], [2, 0]],
      [[2, 2], [0, -2]],
      [[2, 2], [2, 0], [0, -2], [-2, 0]],
    ],
  };
}
