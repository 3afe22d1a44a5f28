import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../cases/categories.js';
import { URGENCIES, type Urgency } from '../cases/caseModel.js';
import type { AreaType } from '../city/levels.js';
import { DEFAULT_SLA_CONFIG, WORKING_DAY } from './slaConfig.js';
import { AREA_TYPES, SLA_STAGES, SlaPolicy, type SlaContext } from './slaPolicy.js';

/** Beijing wall-clock time → epoch ms. */
const at = (iso: string) => Date.parse(`${iso}+08:00`);
const HOUR = 3600_000;
const ctx = (subcategory: string, urgency: Urgency = 'normal', areaType: AreaType = 'urban'): SlaContext => ({ category: subcategory.slice(0, 2), subcategory, urgency, areaType });
const policy = SlaPolicy.default();

// Default limits of an ordinary normal case (SR01 暴露垃圾), all working minutes:
// register 20 + dispatch 10 + accept 60 + handle 1350 (3 × 450) + verify 60 + close 30 = 1530.
const normal = ctx('SR01');
// A major one, all natural minutes: 5 + 5 + 30 + 240 + 60 + 60 = 400 = 6 h 40 min.
const major = ctx('SR01', 'major');

describe('SLA policy: limits', () => {
  it('takes the base row of the urgency: working time for ordinary cases, natural time for urgent ones', () => {
    expect(policy.limit('accept', normal)).toEqual({ minutes: 60, clock: 'working' });
    expect(policy.limit('handle', normal)).toEqual({ minutes: 1350, clock: 'working' });
    expect(policy.limit('handle', ctx('SR01', 'simple'))).toEqual({ minutes: 225, clock: 'working' });
    expect(policy.limit('register', ctx('SR01', 'prominent'))).toEqual({ minutes: 5, clock: 'natural' });
    expect(policy.limit('handle', major)).toEqual({ minutes: 240, clock: 'natural' });
    expect(policy.clockOf(normal)).toBe('working');
    expect(policy.clockOf(major)).toBe('natural');
  });

  it('overrides a missing manhole cover: handled within 2 natural hours at every urgency', () => {
    for (const u of URGENCIES) expect(policy.limit('handle', ctx('GY01', u))).toEqual({ minutes: 120, clock: 'natural' });
    expect(policy.limit('register', ctx('GY01'))).toEqual({ minutes: 5, clock: 'natural' });
    expect(policy.limit('verify', ctx('GY01'))).toEqual({ minutes: 60, clock: 'working' }); // not overridden
    expect(policy.limit('handle', ctx('GY02'))).toEqual({ minutes: 1350, clock: 'working' }); // a damaged cover keeps the base
    // Sat 2026-11-28 23:00 + 120 natural min = Sun 01:00, weekend or not.
    expect(policy.stageDeadline('handle', ctx('GY01'), at('2026-11-28T23:00:00'))).toBe(at('2026-11-29T01:00:00'));
  });

  it('overrides street lamps to one working day for normal cases only', () => {
    expect(WORKING_DAY).toBe(450);
    expect(policy.limit('handle', ctx('GY03'))).toEqual({ minutes: policy.calendar.minutesPerDay, clock: 'working' });
    expect(policy.limit('handle', ctx('GY03', 'simple'))).toEqual({ minutes: 225, clock: 'working' });
    expect(policy.limit('handle', ctx('GY03', 'major'))).toEqual({ minutes: 240, clock: 'natural' });
    // Mon 15:00: 180 min to 18:00, then 270 more on Tue = 210 (08:30–12:00) + 60 → Tue 15:00.
    expect(policy.stageDeadline('handle', ctx('GY03'), at('2026-11-23T15:00:00'))).toBe(at('2026-11-24T15:00:00'));
  });

  it('overrides a whole category, restricted to some urgencies', () => {
    expect(policy.limit('dispatch', ctx('TF02'))).toEqual({ minutes: 5, clock: 'natural' });
    expect(policy.limit('handle', ctx('TF02'))).toEqual({ minutes: 1350, clock: 'working' });
    expect(policy.limit('accept', ctx('TF02', 'major'))).toEqual({ minutes: 30, clock: 'natural' });
  });

  it('lets a subcategory override win over its category, whatever their order', () => {
    const p = SlaPolicy.fromConfig({
      ...DEFAULT_SLA_CONFIG,
      overrides: [
        { subcategory: 'GY03', stages: { handle: { minutes: 100, clock: 'working' } } },
        { category: 'GY', stages: { handle: { minutes: 600, clock: 'working' }, close: { minutes: 7, clock: 'natural' } } },
      ],
    });
    expect(p.limit('handle', ctx('GY03'))).toEqual({ minutes: 100, clock: 'working' });
    expect(p.limit('close', ctx('GY03'))).toEqual({ minutes: 7, clock: 'natural' });
    expect(p.limit('handle', ctx('GY04'))).toEqual({ minutes: 600, clock: 'working' });
  });

  it('gives fringe and rural areas longer verification: 60 → 90 → 120 min', () => {
    expect(policy.limit('verify', ctx('SR01', 'normal', 'urban')).minutes).toBe(60);
    expect(policy.limit('verify', ctx('SR01', 'normal', 'fringe')).minutes).toBe(90);
    expect(policy.limit('verify', ctx('SR01', 'normal', 'rural')).minutes).toBe(120);
    expect(policy.limit('verify', ctx('SR01', 'major', 'rural'))).toEqual({ minutes: 120, clock: 'natural' });
    expect(policy.limit('handle', ctx('SR01', 'normal', 'rural'))).toEqual(policy.limit('handle', normal));
    // Mon 09:00 + 60 / 90 / 120 working min.
    const start = at('2026-11-23T09:00:00');
    expect(policy.stageDeadline('verify', ctx('SR01', 'normal', 'urban'), start)).toBe(at('2026-11-23T10:00:00'));
    expect(policy.stageDeadline('verify', ctx('SR01', 'normal', 'fringe'), start)).toBe(at('2026-11-23T10:30:00'));
    expect(policy.stageDeadline('verify', ctx('SR01', 'normal', 'rural'), start)).toBe(at('2026-11-23T11:00:00'));
  });

  it('resolves a code outside categories.ts from the base row', () => {
    expect(policy.limit('handle', { category: 'XX', subcategory: 'XX01', urgency: 'normal', areaType: 'rural' })).toEqual({ minutes: 1350, clock: 'working' });
  });
});

describe('SLA policy: deadlines', () => {
  it('skips the lunch break', () => {
    // Mon 11:30 + 60: 30 min to 12:00, 30 more from 14:00 → 14:30.
    expect(policy.stageDeadline('accept', normal, at('2026-11-23T11:30:00'))).toBe(at('2026-11-23T14:30:00'));
    // Reported Mon 11:50, 1530 working min: 10 to 12:00, 240 Mon afternoon (1280 left), Tue 450 (830),
    // Wed 450 (380), Thu morning 210 (170), Thu 14:00 + 170 → Thu 16:50.
    expect(policy.closureDeadline(normal, at('2026-11-23T11:50:00'))).toBe(at('2026-11-26T16:50:00'));
  });

  it('skips a weekend', () => {
    // Fri 17:30 + 60: 30 on Friday, then Mon 08:30 + 30 → Mon 09:00.
    expect(policy.stageDeadline('accept', normal, at('2026-11-27T17:30:00'))).toBe(at('2026-11-30T09:00:00'));
    // Fri 16:00 + 1350: 120 on Friday, Mon 450 (780 left), Tue 450 (330), Wed 210 + 120 → Wed 16:00.
    expect(policy.stageDeadline('handle', normal, at('2026-11-27T16:00:00'))).toBe(at('2026-12-02T16:00:00'));
  });

  it('skips the 2026 National Day and Mid-Autumn holidays and works their make-up days', () => {
    const cal = policy.calendar;
    for (let d = 1; d <= 7; d++) expect(cal.isWorkingDay(at(`2026-10-0${d}T10:00:00`))).toBe(false);
    expect(cal.isWorkingDay(at('2026-09-20T10:00:00'))).toBe(true); // Sunday, worked
    expect(cal.isWorkingDay(at('2026-10-10T10:00:00'))).toBe(true); // Saturday, worked
    expect(cal.isWorkingDay(at('2026-09-25T10:00:00'))).toBe(false); // 中秋, a Friday
    expect(cal.isWorkingDay(at('2026-02-14T10:00:00'))).toBe(true); // 春节 make-up Saturday
    expect(cal.isWorkingDay(at('2027-01-01T10:00:00'))).toBe(false); // 元旦 2027, a Friday
    // Fri Sep 18 17:30 + 60: 30 on Friday, Saturday off, Sunday Sep 20 worked: 08:30 + 30 → 09:00.
    expect(policy.stageDeadline('accept', normal, at('2026-09-18T17:30:00'))).toBe(at('2026-09-20T09:00:00'));
    // Thu Sep 24 17:30 + 60: 30 on Thursday, Sep 25–27 off, Mon Sep 28 09:00.
    expect(policy.stageDeadline('accept', normal, at('2026-09-24T17:30:00'))).toBe(at('2026-09-28T09:00:00'));
    // Reported Wed Sep 30 17:00, 1530: 60 on Sep 30 (1470 left), Oct 1–7 off, Oct 8 450 (1020),
    // Oct 9 450 (570), Sat Oct 10 worked 450 (120), Sunday off, Mon Oct 12 08:30 + 120 → 10:30.
    expect(policy.closureDeadline(normal, at('2026-09-30T17:00:00'))).toBe(at('2026-10-12T10:30:00'));
  });

  it('counts a major case in natural time, across midnight and holidays', () => {
    expect(policy.stageDeadline('handle', major, at('2026-11-23T23:30:00'))).toBe(at('2026-11-24T03:30:00'));
    // 22:00 + 6 h 40 min → 04:40 the next day.
    expect(policy.closureDeadline(major, at('2026-11-23T22:00:00'))).toBe(at('2026-11-24T04:40:00'));
    expect(policy.closureDeadline(major, at('2026-10-01T23:00:00'))).toBe(at('2026-10-02T05:40:00'));
  });

  it('chains natural and working stages: a missing manhole cover reported on Friday evening', () => {
    // Natural 5 + 5 + 30 + 120 = 160 min: Fri 17:00 → 19:40. Then verify 60 + close 30 working:
    // nothing left on Friday, weekend off, Mon 08:30 + 90 → Mon 10:00.
    expect(policy.closureDeadline(ctx('GY01'), at('2026-11-27T17:00:00'))).toBe(at('2026-11-30T10:00:00'));
  });

  it('makes the rural closure deadline later than the urban one by the longer verification', () => {
    // Urban Thu 16:50 (see the lunch test) + 60 more working min → Thu 17:50.
    expect(policy.closureDeadline(ctx('SR01', 'normal', 'rural'), at('2026-11-23T11:50:00'))).toBe(at('2026-11-26T17:50:00'));
  });

  it('chains closureDeadline exactly as six stage deadlines, for every precomputed case kind', () => {
    const starts = ['2026-01-01T09:00:00', '2026-02-13T17:45:00', '2026-05-08T11:59:00', '2026-09-30T17:00:00', '2026-11-23T12:30:00', '2026-12-31T23:59:00'].map(at);
    let checked = 0;
    for (const cat of CATEGORIES) {
      for (const sub of cat.subcategories) {
        for (const urgency of URGENCIES) {
          for (const areaType of AREA_TYPES) {
            const c: SlaContext = { category: cat.code, subcategory: sub.code, urgency, areaType };
            for (const start of starts) {
              const chained = SLA_STAGES.reduce((t, stage) => policy.stageDeadline(stage, c, t), start);
              expect(policy.closureDeadline(c, start)).toBe(chained);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(CATEGORIES.reduce((n, c) => n + c.subcategories.length, 0) * URGENCIES.length * AREA_TYPES.length * starts.length);
  });
});

describe('SLA policy: extensions and time left', () => {
  it('pushes a working-time deadline by 3 working days', () => {
    // Wed 16:00 + 1350: 120 Wed, Thu 450 (780 left), Fri 450 (330), Mon 210 + 120 → Mon 16:00.
    expect(policy.extend(at('2026-12-02T16:00:00'), normal)).toBe(at('2026-12-07T16:00:00'));
    // Wed Sep 30 10:00: 360 that day (990 left), Oct 8 450 (540), Oct 9 450 (90), Sat Oct 10 08:30 + 90 → 10:00.
    expect(policy.extend(at('2026-09-30T10:00:00'), normal)).toBe(at('2026-10-10T10:00:00'));
  });

  it('pushes a natural-time deadline by 24 hours', () => {
    expect(policy.extend(at('2026-11-23T22:00:00'), major)).toBe(at('2026-11-24T22:00:00'));
    // A missing manhole cover runs on its handling stage's natural clock even at normal urgency.
    expect(policy.extend(at('2026-11-27T19:40:00'), ctx('GY01'))).toBe(at('2026-11-28T19:40:00'));
  });

  it('allows one extension by default, as configured', () => {
    expect(policy.maxExtensions).toBe(1);
    const p = SlaPolicy.fromConfig({ ...DEFAULT_SLA_CONFIG, extension: { workingMinutes: 900, naturalMinutes: 60, max: 2 } });
    expect(p.maxExtensions).toBe(2);
    expect(p.extend(at('2026-11-23T09:00:00'), normal)).toBe(at('2026-11-25T09:00:00')); // 2 working days
    expect(p.extend(at('2026-11-23T09:00:00'), major)).toBe(at('2026-11-23T10:00:00'));
  });

  it('tells the time left on the case clock, negative once overdue', () => {
    const deadline = at('2026-11-30T10:00:00'); // a Monday
    // From Fri 17:00: 60 working min on Friday + 90 on Monday; 65 natural hours.
    expect(policy.timeLeft(deadline, at('2026-11-27T17:00:00'), normal)).toEqual({ overdue: false, naturalMs: 65 * HOUR, workingMinutes: 150 });
    expect(policy.timeLeft(deadline, deadline, normal)).toEqual({ overdue: false, naturalMs: 0, workingMinutes: 0 });
    expect(policy.timeLeft(deadline, at('2026-11-30T11:00:00'), normal)).toEqual({ overdue: true, naturalMs: -HOUR, workingMinutes: -60 });
    expect(policy.timeLeft(deadline, at('2026-11-30T09:00:00'), major)).toEqual({ overdue: false, naturalMs: HOUR, workingMinutes: null });
  });
});

describe('SLA policy: config', () => {
  const message = (config: unknown): string => {
    try {
      SlaPolicy.fromConfig(config);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('the config was accepted');
  };

  it('names the path of every bad field', () => {
    const msg = message({
      ...DEFAULT_SLA_CONFIG,
      base: {
        ...DEFAULT_SLA_CONFIG.base,
        normal: { ...DEFAULT_SLA_CONFIG.base.normal, handle: { minutes: -1, clock: 'working' } },
        major: { ...DEFAULT_SLA_CONFIG.base.major, close: { minutes: 60, clock: 'wall' } },
        simple: { ...DEFAULT_SLA_CONFIG.base.simple, accept: { minuts: 60, minutes: 60, clock: 'working' } },
      },
      overrides: [...DEFAULT_SLA_CONFIG.overrides, { subcategory: 'GY01', stages: { handle: { minutes: 'two hours', clock: 'natural' } } }, { subcategory: 'GY99', stages: {} }],
    });
    expect(msg).toMatch(/^\s*base\.normal\.handle\.minutes: must be minutes/m);
    expect(msg).toMatch(/^\s*base\.major\.close\.clock: must be one of working, natural/m);
    expect(msg).toMatch(/^\s*base\.simple\.accept: .*minuts/m);
    expect(msg).toMatch(/^\s*overrides\.3\.stages\.handle\.minutes: must be a number of minutes/m);
    expect(msg).toMatch(/^\s*overrides\.4\.subcategory: unknown subcategory/m);
  });

  it('refuses missing parts, a bad calendar, a mismatched override and a fractional max', () => {
    const { extension: _extension, ...noExtension } = DEFAULT_SLA_CONFIG;
    expect(message(noExtension)).toMatch(/^\s*extension: /m);
    expect(message({ ...DEFAULT_SLA_CONFIG, base: { ...DEFAULT_SLA_CONFIG.base, major: undefined } })).toMatch(/^\s*base\.major: /m);
    const calendar = message({ ...DEFAULT_SLA_CONFIG, calendar: { periods: [[600, 500]], holidays: ['2026-02-30'], workdays: [] } });
    expect(calendar).toMatch(/^\s*calendar\.periods\.0: periods must be ascending/m);
    expect(calendar).toMatch(/^\s*calendar\.holidays\.0: must be a date/m);
    expect(message({ ...DEFAULT_SLA_CONFIG, overrides: [{ category: 'SR', subcategory: 'GY01', stages: {} }] })).toMatch(/overrides\.0\.subcategory: GY01 belongs to category GY/);
    expect(message({ ...DEFAULT_SLA_CONFIG, extension: { ...DEFAULT_SLA_CONFIG.extension, max: 1.5 } })).toMatch(/extension\.max: must be a whole number/);
    expect(message('nope')).toMatch(/\(root\)/);
  });
});
