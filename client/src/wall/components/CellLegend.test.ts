import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { en, zh, type WallStrings } from '../../i18n/strings.js';
import { StringsContext } from '../../i18n/useStrings.js';
import type { CellMetric } from '../../map/layers/liveLayerIds.js';
import { CellLegend } from './CellLegend.js';

const render = (metric: CellMetric, strings: WallStrings): string =>
  renderToStaticMarkup(createElement(StringsContext.Provider, { value: strings }, createElement(CellLegend, { metric, insets: { top: 0, right: 0, bottom: 0, left: 0 } })));

describe('CellLegend', () => {
  it('names the unit of a rate per household in both languages, with its classes', () => {
    const chinese = render('per10k', zh);
    expect(chinese).toContain('data-metric="per10k"');
    expect(chinese).toContain('网格在办案件（件/万户）');
    for (const label of ['&lt;30', '30–60', '60–100', '100–200', '200+']) expect(chinese).toContain(label);
    expect(render('per10k', en)).toContain('Open cases per 10,000 households');
  });

  it('keeps counts in cases per grid cell', () => {
    const markup = render('open', en);
    expect(markup).toContain('Open cases per grid cell');
    expect(markup).toContain('20+');
  });
});
