/**
 * The default SLA configuration: every time limit of the closed loop in one place.
 *
 * A deployment replaces it with a JSON file of the same shape, checked by `SlaConfig` in
 * `slaPolicy.ts` (JSON has no comments: an override's `note` says where its numbers come from).
 * The local rules behind the numbers are those collected in shared/DOMAIN.md, "The closed loop":
 *   R1  register + dispatch ≤ 10 min for urgent cases, ≤ 30 min for normal ones (Taiyuan)
 *   R2  register + dispatch ≤ 1 working hour (Fuzhou)
 *   R3  the responsible unit accepts ≤ 1 h
 *   R4  a missing manhole cover is handled ≤ 2 h
 *   R5  three street lamps out: repaired ≤ 1 working day
 *   R6  verification ≤ 1 h in the city, 2 h in rural areas
 * Numbers without an R-tag are defaults of this product, chosen to sit inside those rules; each is
 * a local rule a city will set for itself.
 *
 * Stages: register (reported→registered), dispatch (registered→dispatched), accept
 * (dispatched→accepted), handle (accepted→handled), verify (handled→verified), close
 * (verified→closed). Each limit is `{ minutes, clock }`; `working` minutes count only the calendar's
 * working periods, `natural` minutes are wall-clock time, around the clock and on holidays.
 */
import { DEFAULT_PERIODS } from './calendar.js';
import type { SlaConfigInput } from './slaPolicy.js';

/** One working day in minutes: 08:30–12:00 + 14:00–18:00 = 450. A JSON override that changes the periods must restate day-based limits. */
export const WORKING_DAY = DEFAULT_PERIODS.reduce((sum, [a, b]) => sum + b - a, 0);

export const DEFAULT_SLA_CONFIG: SlaConfigInput = {
  calendar: {
    // Minutes after midnight, Beijing time: 08:30–12:00 and 14:00–18:00.
    periods: DEFAULT_PERIODS,
    // Days off by the State Council's notices (国务院办公厅关于…部分节假日安排的通知). Weekend days inside
    // a holiday are listed too, so each line reads as the notice does; they change nothing.
    holidays: [
      // 2026 (notice published in November 2025)
      '2026-01-01', '2026-01-02', '2026-01-03', // 元旦
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23', // 春节
      '2026-04-04', '2026-04-05', '2026-04-06', // 清明节
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05', // 劳动节
      '2026-06-19', '2026-06-20', '2026-06-21', // 端午节
      '2026-09-25', '2026-09-26', '2026-09-27', // 中秋节
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', // 国庆节
      // 2027: the notice is not published yet (it usually comes out in November of the year before).
      // Fill in this year when it is. Until then only the statutory days fixed by the solar calendar
      // (全国年节及纪念日放假办法) are here; the lunar holidays (春节, 清明, 端午, 中秋), the weekdays given
      // in lieu of statutory days that fall on a weekend, and the make-up working days are missing, so
      // 2027 deadlines around them fall early (stricter), never late.
      '2027-01-01', // 元旦 (Friday)
      '2027-05-01', '2027-05-02', // 劳动节 (a weekend: the weekday in lieu comes with the notice)
      '2027-10-01', '2027-10-02', '2027-10-03', // 国庆节 (Friday–Sunday: the weekdays in lieu come with the notice)
    ],
    // Weekend days worked in exchange (调休上班).
    workdays: [
      '2026-01-04', // 元旦
      '2026-02-14', '2026-02-28', // 春节
      '2026-05-09', // 劳动节
      '2026-09-20', '2026-10-10', // 国庆节
    ],
  },

  // Limits per urgency (简易 / 一般 / 突出 / 重大). Simple and normal cases count working time; urgent
  // ones (prominent, major) count natural time, day and night.
  base: {
    simple: {
      register: { minutes: 20, clock: 'working' }, // R1 + R2: register + dispatch 30 working min
      dispatch: { minutes: 10, clock: 'working' },
      accept: { minutes: 60, clock: 'working' }, // R3
      handle: { minutes: WORKING_DAY / 2, clock: 'working' }, // 简易案件: settled on the spot, half a working day
      verify: { minutes: 60, clock: 'working' }, // R6, city
      close: { minutes: 30, clock: 'working' },
    },
    normal: {
      register: { minutes: 20, clock: 'working' }, // R1 + R2
      dispatch: { minutes: 10, clock: 'working' },
      accept: { minutes: 60, clock: 'working' }, // R3
      handle: { minutes: 3 * WORKING_DAY, clock: 'working' }, // 3 working days
      verify: { minutes: 60, clock: 'working' }, // R6, city
      close: { minutes: 30, clock: 'working' },
    },
    prominent: {
      register: { minutes: 5, clock: 'natural' }, // R1: register + dispatch 10 min urgent
      dispatch: { minutes: 5, clock: 'natural' },
      accept: { minutes: 60, clock: 'natural' }, // R3
      handle: { minutes: 8 * 60, clock: 'natural' }, // 8 h
      verify: { minutes: 60, clock: 'natural' }, // R6, city
      close: { minutes: 60, clock: 'natural' },
    },
    major: {
      register: { minutes: 5, clock: 'natural' }, // R1
      dispatch: { minutes: 5, clock: 'natural' },
      accept: { minutes: 30, clock: 'natural' }, // R3, tighter for 重大
      handle: { minutes: 4 * 60, clock: 'natural' }, // 4 h
      verify: { minutes: 60, clock: 'natural' }, // R6, city
      close: { minutes: 60, clock: 'natural' },
    },
  },

  // Per category or subcategory; a subcategory override wins over its category's, later entries
  // win over earlier ones; `urgencies` limits an override to those tiers (all when absent).
  overrides: [
    {
      note: 'R1: an emergency (突发事件) is registered and dispatched as urgent whatever its tier',
      category: 'TF',
      urgencies: ['simple', 'normal'],
      stages: { register: { minutes: 5, clock: 'natural' }, dispatch: { minutes: 5, clock: 'natural' } },
    },
    {
      note: 'R4: a missing manhole cover (井盖缺失) is handled within 2 h, around the clock; the stages before it are urgent too',
      subcategory: 'GY01',
      stages: {
        register: { minutes: 5, clock: 'natural' }, // R1
        dispatch: { minutes: 5, clock: 'natural' },
        accept: { minutes: 30, clock: 'natural' },
        handle: { minutes: 120, clock: 'natural' }, // R4
      },
    },
    {
      note: 'R5: street lamps out (路灯不亮) are repaired within 1 working day (simple cases are already faster)',
      subcategory: 'GY03',
      urgencies: ['normal'],
      stages: { handle: { minutes: WORKING_DAY, clock: 'working' } },
    },
  ],

  // Per area type, per stage: minutes × factor + extraMinutes, applied after the overrides.
  areaTypes: {
    urban: {},
    fringe: { verify: { extraMinutes: 30 } }, // 城乡结合部: between R6's city and rural limits, 60 → 90 min
    rural: { verify: { factor: 2 } }, // R6: 60 → 120 min
  },

  // 延期: one extension pushes the deadline on the case's clock (that of its handling stage).
  extension: {
    workingMinutes: 3 * WORKING_DAY, // 3 working days
    naturalMinutes: 24 * 60, // an urgent case gets a day, not three
    max: 1, // one extension per case; after that it is parked (挂账) or escalated
  },
};
