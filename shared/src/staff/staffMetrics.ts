/** Live staffing figures of an area (server/src/staff/staffState.ts computes them). */
export interface HotSpot {
  code: string;
  name: string;
  openCases: number;
  onDuty: number;
  /** Open cases per on-duty worker; with nobody on duty, the open cases themselves. */
  openCasesPerOnDutyWorker: number;
}

export interface StaffMetrics {
  workers: number;
  onDuty: number;
  /** Grids without an assigned 专职网格员 (配备率's complement). */
  gridsWithoutWorker: number;
  openCasesAssigned: number;
  /** Null while nobody is on duty in the area. */
  openCasesPerOnDutyWorker: number | null;
  /** Up to five child areas (grids below a community) with the most open cases per on-duty worker. */
  hotSpots: HotSpot[];
}
