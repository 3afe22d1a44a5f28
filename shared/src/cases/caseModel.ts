import { z } from 'zod';
import type { HandlingLevel } from '../access/roles.js';
import { CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from './categories.js';

/** Where a case came from. */
export const CHANNELS = ['grid_patrol', 'hotline_12345', 'citizen_app', 'video_iot', 'department'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_NAMES: Record<Channel, string> = {
  grid_patrol: '网格员巡查',
  hotline_12345: '12345热线',
  citizen_app: '郑好拍',
  video_iot: '视频/物联感知',
  department: '部门移交',
};

/** 简易 / 一般 / 突出 / 重大 */
export const URGENCIES = ['simple', 'normal', 'prominent', 'major'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_NAMES: Record<Urgency, string> = { simple: '简易', normal: '一般', prominent: '突出', major: '重大' };

/** Lifecycle states; the transitions between them are the closed loop's state machine. */
export const STATUSES = [
  'reported', // 信息采集
  'registered', // 立案
  'rejected', // 不予立案
  'dispatched', // 派遣
  'accepted', // 受理 by the responsible unit
  'handled', // 处置完毕, feedback given
  'verified', // 核查通过
  'closed', // 结案
  'returned', // 回退: not our responsibility
  'parked', // 挂账
  'rework', // 返工 after a failed verification
  'escalated', // 上报 to the next level
] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const OPEN_STATUSES: ReadonlySet<CaseStatus> = new Set(['reported', 'registered', 'dispatched', 'accepted', 'handled', 'verified', 'returned', 'parked', 'rework', 'escalated']);
/** Chinese names of the statuses (exports, and the wall's Chinese strings). */
export const STATUS_NAMES: Record<CaseStatus, string> = {
  reported: '待立案',
  registered: '已立案',
  rejected: '不予立案',
  dispatched: '已派遣',
  accepted: '处置中',
  handled: '待核查',
  verified: '已核查',
  closed: '已结案',
  returned: '回退',
  parked: '挂账',
  rework: '返工',
  escalated: '已上报',
};

/** A timestamp per lifecycle stage (ISO 8601 with zone), null until the stage is reached. */
export const STAGES = ['reported', 'registered', 'dispatched', 'accepted', 'handled', 'verified', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export interface Reporter {
  name?: string;
  phone?: string;
}

/** 督办: a commander urged the case; the latest urging and how many so far (each is an event of its own). */
export interface Supervision {
  count: number;
  /** ISO 8601, +08:00: the latest urging */
  lastAt: string;
  /** The account (username) that urged it last. */
  by: string;
}

export interface AreaRef {
  district: string;
  street: string;
  community: string;
  grid: string;
}

export interface Case {
  id: string;
  /**
   * The store's dense integer key (insertion order; global across nodes with PostgreSQL): set on
   * the cases an insert returns and on those of the change feed, which the live map keys by it
   * (case columns, map deltas). Absent on a case not stored yet and on other reads (an API answer
   * has none: a screen finds a map point's case with GET /api/cases/by-seq/:seq).
   */
  seq?: number;
  channel: Channel;
  category: string;
  subcategory: string;
  urgency: Urgency;
  lon: number;
  lat: number;
  address: string | null;
  description: string;
  reporter: Reporter | null;
  /** 党建引领: the reporter is a party member (as the source says: a 党员 resident, a 党员骨干 on patrol). */
  reporterIsPartyMember: boolean;
  /**
   * 党建引领: the case was handled (处置) by a party member: as the handling action says, else the
   * holder is one of the roster's 党员骨干 or 下沉干部. Set by each `handle`; false before.
   */
  handlerIsPartyMember: boolean;
  status: CaseStatus;
  area: AreaRef;
  /**
   * The source system's own id: unique per source and channel, so a resend from the same source
   * returns the case already stored, and another source's ids never meet it.
   */
  externalId: string | null;
  /**
   * Who submitted the case (the username of the account or device); null for the simulator's
   * cases and for those stored before sources were recorded (schema version 5).
   */
  source: string | null;
  times: Record<Stage, string | null>;
  /** When the case must be closed (SLA): set at registration, moved by extensions; null before. */
  deadline: string | null;
  /** Where the case is handled now: grid at first, one level up per escalation. */
  level: HandlingLevel;
  /** Who holds it: a worker id (W…) or a unit (unit:<district>:<code>); null until dispatched. */
  assignee: string | null;
  /** 返工: failed verifications so far. */
  reworks: number;
  /** 延期: extensions granted so far. */
  extensions: number;
  /** Deadline of the current stage (register, dispatch, accept, handle, verify, close); null when closed. */
  stageDeadline: string | null;
  /** Transitions so far: an action names the version it saw, so two operators cannot both move one case. */
  version: number;
  /** Whether the last verification (pass or fail) came within the verify stage's deadline; null before. */
  verifiedOnTime: boolean | null;
  /** 督办: null until a commander urges the case. */
  supervised: Supervision | null;
}

/**
 * The area whose platform handles the case now: its own grid, community, street or district at
 * those levels, the city for the city platform and the line departments above it.
 */
export function handlingArea(c: Pick<Case, 'level' | 'area'>, cityCode: string): string {
  return c.level === 'city' || c.level === 'department' ? cityCode : c.area[c.level];
}

const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with zone, e.g. 2026-11-22T08:30:00+08:00' });

/** A coordinate in degrees: a wrong type and a value out of range are told apart. */
const degrees = (limit: number) =>
  z
    .number({ error: 'must be a number (degrees, GCJ-02)' })
    .min(-limit, `must be between -${limit} and ${limit} (degrees, GCJ-02)`)
    .max(limit, `must be between -${limit} and ${limit} (degrees, GCJ-02)`);

/** One case as a source submits it. Everything else (id, area, status, times) the server sets. */
export const CaseInput = z
  .object({
    channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }),
    category: z.string().refine((c) => CATEGORY_BY_CODE.has(c), { error: 'unknown category code (see GET /api/categories)' }),
    subcategory: z.string().refine((c) => SUBCATEGORY_BY_CODE.has(c), { error: 'unknown subcategory code (see GET /api/categories)' }),
    urgency: z.enum(URGENCIES, { error: `must be one of ${URGENCIES.join(', ')}` }).default('normal'),
    lon: degrees(180),
    lat: degrees(90),
    address: z.string().trim().max(200).optional(),
    description: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
      .trim()
      .min(1, 'must not be empty')
      .max(2000, 'must be at most 2,000 characters'),
    reporter: z
      .object({
        name: z.string().trim().min(1).max(50).optional(),
        phone: z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number').optional(),
      })
      .strict()
      .optional(),
    reporterIsPartyMember: z.boolean({ error: 'must be true or false' }).optional(),
    reportedAt: isoTime.optional(),
    externalId: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const sub = SUBCATEGORY_BY_CODE.get(input.subcategory);
    if (sub && sub.category !== input.category) {
      ctx.addIssue({ code: 'custom', path: ['subcategory'], message: `${input.subcategory} belongs to category ${sub.category}, not ${input.category}` });
    }
  });
export type CaseInput = z.input<typeof CaseInput>;
export type ValidCaseInput = z.output<typeof CaseInput>;

export const MAX_BATCH = 1000;
