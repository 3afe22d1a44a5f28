import { describe, expect, it } from 'vitest';
import { decideReload, editInProgress, parseReloadRecord, RELOAD_AT_MOST_EVERY_MS, RELOAD_SPREAD_MS, secondsUntil, takesTyping, targetOf, type BuildStamp, type FieldState } from './buildReload.js';

const NOW = 1_765_000_000_000;
const page: BuildStamp = { build: 'aaaa', protocol: 2 };
const newer: BuildStamp = { build: 'bbbb', protocol: 2 };

describe('decideReload: whether a screen reloads after the server announced its build', () => {
  it('ignores the build it runs, and a build nobody knows (no build file, or a development page)', () => {
    expect(decideReload(page, { build: 'aaaa', protocol: 2 }, null, NOW, 0.5)).toEqual({ kind: 'ignore' });
    expect(decideReload(page, { build: null, protocol: 2 }, null, NOW, 0.5)).toEqual({ kind: 'ignore' });
    expect(decideReload({ build: null, protocol: 2 }, newer, null, NOW, 0.5)).toEqual({ kind: 'ignore' });
  });

  it('reloads for another build after a delay spread over 0–30 s', () => {
    expect(decideReload(page, newer, null, NOW, 0)).toEqual({ kind: 'reload', target: targetOf(newer), delayMs: 0 });
    expect(decideReload(page, newer, null, NOW, 0.5)).toEqual({ kind: 'reload', target: targetOf(newer), delayMs: RELOAD_SPREAD_MS / 2 });
    const latest = decideReload(page, newer, null, NOW, 0.999_999);
    expect(latest.kind === 'reload' && latest.delayMs).toBeLessThan(RELOAD_SPREAD_MS);
    expect(latest.kind === 'reload' && latest.delayMs).toBeGreaterThan(RELOAD_SPREAD_MS - 10);
  });

  it('reloads for another protocol even where no build is known, and for a refused version', () => {
    expect(decideReload({ build: null, protocol: 2 }, { build: null, protocol: 3 }, null, NOW, 0)).toMatchObject({ kind: 'reload', target: '-/3' });
    expect(decideReload(page, { build: 'aaaa', protocol: 1 }, null, NOW, 0)).toMatchObject({ kind: 'reload' });
    expect(decideReload(page, { build: null, protocol: null }, null, NOW, 0)).toMatchObject({ kind: 'reload', target: '-/?' });
  });

  it('waits, never loops, when it reloaded for the same target less than 10 minutes ago', () => {
    const last = { target: targetOf(newer), at: NOW - 60_000 };
    expect(decideReload(page, newer, last, NOW, 0)).toEqual({ kind: 'wait', target: targetOf(newer), until: last.at + RELOAD_AT_MOST_EVERY_MS });
    // Just before the 10 minutes are over, still waiting; then it may reload once more.
    expect(decideReload(page, newer, last, last.at + RELOAD_AT_MOST_EVERY_MS - 1, 0).kind).toBe('wait');
    expect(decideReload(page, newer, last, last.at + RELOAD_AT_MOST_EVERY_MS, 0.25)).toEqual({ kind: 'reload', target: targetOf(newer), delayMs: RELOAD_SPREAD_MS / 4 });
  });

  it('reloads at once for another target than the one it last reloaded for', () => {
    const last = { target: targetOf(newer), at: NOW - 1_000 };
    const third: BuildStamp = { build: 'cccc', protocol: 2 };
    expect(decideReload(page, third, last, NOW, 0)).toEqual({ kind: 'reload', target: targetOf(third), delayMs: 0 });
    // Another protocol of the same build is another target too.
    expect(decideReload(page, { build: 'bbbb', protocol: 3 }, last, NOW, 0).kind).toBe('reload');
  });

  it('does not wait on a record from the future (the clock was set back)', () => {
    expect(decideReload(page, newer, { target: targetOf(newer), at: NOW + 3_600_000 }, NOW, 0).kind).toBe('reload');
  });

  it('counts down in whole seconds, never below 0', () => {
    expect(secondsUntil(NOW + 12_001, NOW)).toBe(13);
    expect(secondsUntil(NOW + 12_000, NOW)).toBe(12);
    expect(secondsUntil(NOW - 5_000, NOW)).toBe(0);
  });

  it('reads back only records it wrote', () => {
    expect(parseReloadRecord(JSON.stringify({ target: 'bbbb/2', at: NOW }))).toEqual({ target: 'bbbb/2', at: NOW });
    for (const stored of [null, '', 'not json', 'null', '3', '{"target":1,"at":2}', '{"target":"x"}', '{"target":"x","at":"soon"}']) {
      expect(parseReloadRecord(stored)).toBeNull();
    }
  });
});

describe('editInProgress: a due reload waits while the person is in the middle of typing', () => {
  const field = (over: Partial<FieldState> = {}): FieldState => ({ tag: 'textarea', type: null, focused: false, unsent: false, editable: true, ...over });

  it('holds while a typing field has focus, even empty (the person is about to type)', () => {
    expect(editInProgress([field({ focused: true })])).toBe(true);
    expect(editInProgress([field({ tag: 'input', type: 'text', focused: true })])).toBe(true);
    expect(editInProgress([field({ tag: 'input', type: 'search', focused: true })])).toBe(true);
    expect(editInProgress([field({ tag: 'div', focused: true })])).toBe(true);
  });

  it('holds while a draft holds unsent text, with the focus elsewhere', () => {
    expect(editInProgress([field({ unsent: true })])).toBe(true);
    expect(editInProgress([field({ tag: 'button', type: null, focused: true }), field({ unsent: true })])).toBe(true);
  });

  it('lets the reload go once the field is empty and blurred, or sent (its draft cleared)', () => {
    expect(editInProgress([])).toBe(false);
    expect(editInProgress([field()])).toBe(false);
    expect(editInProgress([field(), field({ tag: 'input', type: 'text' })])).toBe(false);
  });

  it('does not hold for a focused button, checkbox, range or select (the action button keeps focus after a click), nor for a disabled or read-only field', () => {
    expect(editInProgress([field({ tag: 'button', focused: true })])).toBe(false);
    for (const type of ['checkbox', 'radio', 'range', 'submit', 'button', 'color']) expect(editInProgress([field({ tag: 'input', type, focused: true })]), type).toBe(false);
    expect(editInProgress([field({ tag: 'select', focused: true })])).toBe(false);
    expect(editInProgress([field({ focused: true, editable: false })])).toBe(false);
    expect(editInProgress([field({ unsent: true, editable: false })])).toBe(false);
  });

  it('knows which fields take typing', () => {
    expect(takesTyping({ tag: 'input', type: null, editable: true })).toBe(true);
    expect(takesTyping({ tag: 'input', type: 'email', editable: true })).toBe(true);
    expect(takesTyping({ tag: 'input', type: 'checkbox', editable: true })).toBe(false);
    expect(takesTyping({ tag: 'textarea', type: null, editable: false })).toBe(false);
  });
});
