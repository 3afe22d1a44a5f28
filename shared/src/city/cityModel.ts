import { isWithin } from './codes.js';
import { LEVELS, type Level } from './levels.js';
import type { AreaNode, CityFile } from './model.js';
import { decodeArc, geometryRings, type CityTopology } from './topology.js';
import type { MultiPolygonCoords, Position } from '../geo/planar.js';

/**
 * The hierarchy in memory: nodes by code, children by parent, and each node's geometry (integer
 * coordinates on the shared lattice) decoded from the topology files on first use.
 */
export class CityModel {
  readonly cityCode: string;
  private readonly byCode = new Map<string, AreaNode>();
  private readonly childrenByParent = new Map<string, AreaNode[]>();
  private readonly geometrySource = new Map<string, { topology: CityTopology; index: number; object: string }>();

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
        collection.geometries.forEach((g, index) => this.geometrySource.set(g.id, { topology, index, object }));
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

  /**
   * Geometry of a node in integer lattice coordinates (see `file.transform`). Only the arcs it uses
   * are decoded, and nothing is cached: the city stays in its compact encoded form in memory.
   */
  geometry(code: string): MultiPolygonCoords | undefined {
    const source = this.geometrySource.get(code);
    if (!source) return undefined;
    const arcAt = (index: number): Position[] => decodeArc(source.topology, index);
    return geometryRings(arcAt, source.topology.objects[source.object]!.geometries[source.index]!);
  }
}
