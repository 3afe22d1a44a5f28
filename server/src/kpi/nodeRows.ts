import { gridChain } from '../../../shared/src/city/codes.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';

/**
 * Row numbers for flat per-node arrays (typed arrays reused by every refresh, so the counts of
 * ~20,000 nodes are no garbage to collect): one row per node of the city model from the city down
 * to grid cells, and the rows a grid cell's cases count in.
 */
export class NodeRows {
  private readonly index = new Map<string, number>();
  private readonly chains = new Map<string, number[]>();
  /** The same chains by the cell's code as a number (as grouped counts answer it: no string to build). */
  private readonly chainsByNumber = new Map<number, number[]>();
  readonly size: number;

  constructor(private readonly model: CityModel) {
    for (const node of model.file.nodes) if (node.level !== 'building') this.index.set(node.code, this.index.size);
    this.size = this.index.size;
  }

  /** The node's row (undefined for a code the model does not hold, or a building). */
  rowOf(code: string): number | undefined {
    return this.index.get(code);
  }

  /** Rows from the city down to the cell (a cell outside the model counts nowhere). */
  chainOf(grid: string): number[] {
    let out = this.chains.get(grid);
    if (out) return out;
    out = [];
    for (const code of gridChain(grid, this.model.cityCode)) {
      const row = this.index.get(code);
      if (row !== undefined) out.push(row);
    }
    this.chains.set(grid, out);
    return out;
  }

  /** chainOf for a cell's code as a number (15 digits). */
  chainOfNumber(grid: number): number[] {
    let out = this.chainsByNumber.get(grid);
    if (!out) this.chainsByNumber.set(grid, (out = this.chainOf(String(grid))));
    return out;
  }
}
