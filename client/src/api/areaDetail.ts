import { LEVELS, type Level } from '../../../shared/src/city/levels.js';
import { isRecord } from './isRecord.js';

/** What the wall needs of GET /api/areas/:code: names of the area and of its children. */
export interface AreaNames {
  code: string;
  name: string;
  level: Level;
  /** The children's level, or null for an area without children. */
  childLevel: Level | null;
  /** Code → name of the area, its ancestors and its children. */
  names: ReadonlyMap<string, string>;
}

interface NamedNode {
  code: string;
  name: string;
  level: Level;
}

function named(v: unknown, what: string): NamedNode {
  if (!isRecord(v) || typeof v.code !== 'string' || typeof v.name !== 'string' || !(LEVELS as readonly unknown[]).includes(v.level)) {
    throw new Error(`${what} has no code, name or level`);
  }
  return { code: v.code, name: v.name, level: v.level as Level };
}

/** Parses the body of GET /api/areas/:code (the server contract; parsed, not trusted). */
export function parseAreaNames(json: unknown, url: string): AreaNames {
  const what = `GET ${url}`;
  if (!isRecord(json) || !Array.isArray(json.children) || !Array.isArray(json.ancestors)) {
    throw new Error(`${what} is not what the client expects: no node, ancestors or children`);
  }
  const node = named(json.node, `${what}: node`);
  const related = [...json.ancestors, ...json.children].map((c, i) => named(c, `${what}: entry ${i}`));
  const children = json.children.length;
  return {
    code: node.code,
    name: node.name,
    level: node.level,
    childLevel: children > 0 ? related[related.length - 1]!.level : null,
    names: new Map([[node.code, node.name], ...related.map((n) => [n.code, n.name] as const)]),
  };
}

/**
 * The name to show for a case's place: the deepest of its grid, community or street that the
 * wall knows a name for (the followed area's children, and the streets of the overview).
 */
export function placeName(grid: string, names: ReadonlyMap<string, string>): string {
  for (const length of [15, 12, 9]) {
    const name = names.get(grid.slice(0, length));
    if (name) return name;
  }
  return grid;
}
