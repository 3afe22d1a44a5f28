import { CHANNELS, type Channel, type Stage, type Urgency } from '../../../shared/src/cases/caseModel.js';

/**
 * What a day of Zhengzhou looks like to the simulator. Volume: 51,571 cases a week reported by the
 * city ≈ 7,400 a day. Everything here is a default of the simulator, not of the product.
 */
export const CASES_PER_DAY = 7_400;

/** Relative intake per hour of day (local time): quiet at night, peaks mid-morning and afternoon. */
export const HOURLY_WEIGHT = [0.25, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.5, 1.8, 1.9, 1.7, 1.3, 1.2, 1.5, 1.7, 1.7, 1.5, 1.2, 1.0, 0.9, 0.7, 0.5, 0.35];

export const CHANNEL_SHARE: Record<Channel, number> = {
  grid_patrol: 0.45,
  hotline_12345: 0.25,
  citizen_app: 0.15,
  video_iot: 0.1,
  department: 0.05,
};

/**
 * 党建引领: the share of cases reported by a party member, per channel. A resident reporting by
 * phone or app is a member about as often as residents are (7%); a patrol's reporter is a grid
 * worker or a 党员骨干 on patrol, members far more often. Machines and departments report no member.
 */
export const PARTY_REPORTER_SHARE: Record<Channel, number> = {
  grid_patrol: 0.3,
  hotline_12345: 0.07,
  citizen_app: 0.07,
  video_iot: 0,
  department: 0,
};
/** Handlings said to be by a party member beyond the roster's 党员骨干 and 下沉干部 (a member among a grid's workers). */
export const PARTY_HANDLER_SHARE = 0.2;

export const URGENCY_SHARE: Record<Urgency, number> = { simple: 0.35, normal: 0.598, prominent: 0.05, major: 0.002 };

/** Minutes from the previous stage to this one: [min, max] (uniform). */
export const STAGE_DELAY_MIN: Record<Exclude<Stage, 'reported'>, [number, number]> = {
  registered: [2, 20],
  dispatched: [3, 25],
  accepted: [5, 50],
  handled: [40, 480],
  verified: [20, 110],
  closed: [5, 40],
};

/** Share of reports refused at registration (duplicates, out of scope). */
export const REJECT_SHARE = 0.008;

/**
 * Exception paths, as shares of the cases reaching the step. Zhengzhou's weekly reports put rework
 * at about 0.5% and extension at about 0.2% of cases due; escalation and return are set so that a
 * few cases an hour show those paths on the wall (local practice varies widely).
 */
export const EXCEPTION_SHARE = {
  /** registered → escalated one level up instead of dispatched */
  escalate: 0.02,
  /** dispatched → returned by a unit that is not responsible */
  return: 0.01,
  /** accepted → extension granted before handling */
  extend: 0.002,
  /** handled → verification fails, rework */
  fail: 0.005,
};

/** Places where reports cluster, with their pull relative to an ordinary cell. */
export const HOTSPOTS: { name: string; lon: number; lat: number; weight: number }[] = [
  { name: '郑州火车站', lon: 113.6584, lat: 34.7453, weight: 60 },
  { name: '郑州东站', lon: 113.7786, lat: 34.7597, weight: 40 },
  { name: '二七广场', lon: 113.6695, lat: 34.7536, weight: 50 },
  { name: '管城老城区', lon: 113.6857, lat: 34.7540, weight: 30 },
  { name: '万客来市场', lon: 113.6477, lat: 34.7297, weight: 30 },
  { name: '花园路商圈', lon: 113.6713, lat: 34.7835, weight: 25 },
  { name: '碧沙岗', lon: 113.6443, lat: 34.7538, weight: 20 },
  { name: '航空港区', lon: 113.8420, lat: 34.5260, weight: 15 },
];

export const channelsInOrder = CHANNELS;
