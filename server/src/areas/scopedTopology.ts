/** The parts of a TopoJSON topology this module reads and writes. */
interface Geometry {
  type: string;
  id?: string;
  arcs?: unknown;
  properties?: unknown;
}
interface Topology {
  type: 'Topology';
  transform?: unknown;
  objects: Record<string, { type: 'GeometryCollection'; geometries: Geometry[] }>;
  arcs: unknown[];
}

/**
 * The overview topology cut to an account's area: the city outline (a public boundary, the
 * frame of every map), the account's own district, and the streets of its district (for a
 * district) or its own street (for a street, community or grid). The file carries no other
 * district's borders.
 */
export function scopeOverview(topology: Topology, scope: string): Topology {
  const district = scope.slice(0, 6);
  const street = scope.length >= 9 ? scope.slice(0, 9) : null;
  return cutTopology(topology, {
    city: () => true,
    districts: (g) => g.id === district,
    streets: (g) => (street ? g.id === street : typeof g.id === 'string' && g.id.startsWith(district)),
  });
}

/**
 * A district's detail file (communities, grid cells) cut to an account inside the district: a
 * street's or a community's own communities and cells; for a grid cell, the cell and its
 * community's outline.
 */
export function scopeDistrict(topology: Topology, scope: string): Topology {
  const community = scope.slice(0, 12);
  const under = (prefix: string) => (g: Geometry) => typeof g.id === 'string' && g.id.startsWith(prefix);
  return cutTopology(topology, { communities: under(community), grids: under(scope) });
}

/**
 * Keeps the geometries `keep` accepts (objects it does not name are emptied); arcs nobody
 * references any more are dropped and the rest renumbered, so no other area's borders remain.
 */
function cutTopology(topology: Topology, keep: Record<string, (g: Geometry) => boolean>): Topology {
  const objects: Topology['objects'] = {};
  for (const [name, collection] of Object.entries(topology.objects)) {
    const test = keep[name] ?? (() => false);
    objects[name] = { ...collection, geometries: collection.geometries.filter(test) };
  }
  // Renumber the arcs still referenced (a negative index ~i is arc i reversed).
  const renumbered = new Map<number, number>();
  const arcs: unknown[] = [];
  const remap = (value: unknown): unknown => {
    if (typeof value === 'number') {
      const index = value < 0 ? ~value : value;
      let next = renumbered.get(index);
      if (next === undefined) {
        next = arcs.length;
        renumbered.set(index, next);
        arcs.push(topology.arcs[index]);
      }
      return value < 0 ? ~next : next;
    }
    return Array.isArray(value) ? value.map(remap) : value;
  };
  for (const collection of Object.values(objects)) {
    collection.geometries = collection.geometries.map((g) => (g.arcs === undefined ? g : { ...g, arcs: remap(g.arcs) }));
  }
  return { ...topology, objects, arcs };
}
