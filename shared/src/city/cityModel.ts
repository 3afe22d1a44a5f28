import { isWithin } from './codes.js';
import { LEVELS, type Level } from './levels.js';
import type { AreaNode, CityFile } from './model.js';
import { decodeArcs, geometryRings, type CityTopology } from './topology.js';
import type { MultiPolygonCoords, Position } from '../geo/planar.js';

/**
 * The hierarchy in memory: nodes by code, children by parent, and each node's geometry (integer
 * coordinates on the shared lattice) decoded from the topology files on first use.
 */
export class CityModel {
  readonly cityCode: string;
  private readonly byCode = new Map<string, AreaNode>();
  private readonly childrenByParent = new Map<string, AreaNode[]>();
  private readonly geometrySource = new Map<string, { arcs: Position[][]; topology: CityTopology; index: number; object: string }>();
  private readonly decoded = new WeakMap<CityTopology, Position[][]>();

  constructor(
    readonly file: CityFile,
    topologies: CityTopology[],
  ) {
    this.cityCode = file.city;
    for (const node of file.nodes) {
      this.byCode.set(node.code, node);
      if (node.parent) {
        const list = this.childrenByParent.get(node.parent) ?? [];
        list.push(node);
        this.childrenByParent.set(node.parent, list);
      }
    }
    for (const topology of topologies) {
      for (const [object, collection] of Object.entries(topology.objects)) {
        collection.geometries.forEach((g, index) => this.geometrySource.set(g.id, { arcs: [], topology, index, object }));
      }
    }
  }

  get city(): AreaNode {
    return this.byCode.get(this.cityCode)!;
  }

  node(code: string): AreaNode | undefined {
    return this.byCode.get(code);
  }

  children(code: string): AreaNode[] {
    return this.childrenByParent.get(code) ?? [];
  }

  /** Ancestors from the city down to the node's parent. */
  ancestors(code: string): AreaNode[] {
    const chain: AreaNode[] = [];
    for (let n = this.byCode.get(code); n?.parent; ) {
      n = this.byCode.get(n.parent);
      if (n) chain.unshift(n);
    }
    return chain;
  }

  nodesAt(level: Level): AreaNode[] {
    return this.file.nodes.filter((n) => n.level === level);
  }

  counts(): Record<Exclude<Level, 'building'>, number> {
    const counts = Object.fromEntries(LEVELS.filter((l) => l !== 'building').map((l) => [l, 0])) as Record<Exclude<Level, 'building'>, number>;
    for (const n of this.file.nodes) if (n.level !== 'building') counts[n.level]++;
    return counts;
  }

  within(code: string, ancestor: string): boolean {
    return isWithin(code, ancestor, this.cityCode);
  }

  /** Geometry of a node in integer lattice coordinates (see `file.transform`). */
  geometry(code: string): MultiPolygonCoords | undefined {
    const source = this.geometrySource.get(code);
    if (!source) return undefined;
    let arcs = this.decoded.get(source.topology);
    if (!arcs) {
      arcs = decodeArcs(source.topology);
      this.decoded.set(source.topology, arcs);
    }
    return geometryRings(arcs, source.topology.objects[source.object]!.geometries[source.index]!);
  }
}
