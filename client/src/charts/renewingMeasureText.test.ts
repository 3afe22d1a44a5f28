import { describe, expect, it } from 'vitest';
import { renewingMeasureText } from './renewingMeasureText.js';

/** A stand-in 2D context: width = characters × font size; counts how often its font is set. */
function fakeContexts() {
  const made: { font: string; fontSets: number; measured: string[] }[] = [];
  const create = () => {
    const state = { font: '10px sans-serif', fontSets: 0, measured: [] as string[] };
    made.push(state);
    return {
      get font() {
        return state.font;
      },
      set font(value: string) {
        state.font = value;
        state.fontSets++;
      },
      measureText: (text: string) => {
        state.measured.push(text);
        return { width: text.length * Number.parseInt(state.font, 10) } as TextMetrics;
      },
    };
  };
  return { made, create };
}

describe('renewingMeasureText', () => {
  it('measures with the given font, or zrender’s 12px default', () => {
    const { create } = fakeContexts();
    const measure = renewingMeasureText(create);
    expect(measure('1234', '20px sans-serif').width).toBe(80);
    expect(measure('1234').width).toBe(48);
  });

  it('takes a fresh context every `perContext` measurements, so the old one can be collected', () => {
    const { made, create } = fakeContexts();
    const measure = renewingMeasureText(create, 3);
    for (let i = 0; i < 10; i++) measure(String(i), '14px sans-serif');
    expect(made.map((c) => c.measured.length)).toEqual([3, 3, 3, 1]);
    // The font is set once per context (setting it is not free), and again on a new context.
    expect(made.map((c) => c.fontSets)).toEqual([1, 1, 1, 1]);
    expect(measure('abc', '14px sans-serif').width).toBe(42);
  });

  it('sets the font again only when it changes', () => {
    const { made, create } = fakeContexts();
    const measure = renewingMeasureText(create);
    measure('a', '12px a');
    measure('b', '12px a');
    measure('c', '16px b');
    measure('d', '16px b');
    expect(made[0]!.fontSets).toBe(2);
  });

  it('answers 0 where no canvas can be made', () => {
    expect(renewingMeasureText(() => null)('text').width).toBe(0);
  });
});
