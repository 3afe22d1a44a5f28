import { useState } from 'react';
import type { PartyFlag } from '../../../shared/src/api/cases.js';
import { PARTY_SUMMARY_POLL_MS, parsePartyList, partyListUrl, type PartyList, type PartyListKind } from '../api/party.js';
import { usePartySummary } from '../hooks/useParty.js';
import { usePolled } from '../hooks/usePolled.js';
import { formatFigure, INTEGER } from './figureFormat.js';
import { deskPartyCasesHref, partyCasesPeriod, partyScreenFigures, type PartyScreenKey } from './partyFigures.js';
import './partyFigures.css';

type Lang = 'zh' | 'en';

const STRINGS = {
  zh: {
    locale: 'zh-CN',
    title: '党建引领',
    figure: { coverage: '组织覆盖', members: '党员', reported: '双报到', cadresOnDuty: '干部在岗', casesReported: '党员上报', casesHandled: '党员处置', fiveStar: '五星支部' } satisfies Record<PartyScreenKey, string>,
    spread: '星级分布',
    stars: (n: number) => `${n}星`,
    list: { grids: '未建党组织的网格', members: '党员（已脱敏）', communities: '社区星级' },
    starsList: (n: number) => `${n}星社区`,
    total: (n: string) => `共 ${n}`,
    none: '无',
    close: '关闭',
    loading: '加载中…',
  },
  en: {
    locale: 'en-GB',
    title: 'Party building',
    figure: { coverage: 'Coverage', members: 'Members', reported: 'Reported', cadresOnDuty: 'Cadres on duty', casesReported: 'Reported by members', casesHandled: 'Handled by members', fiveStar: 'Five-star' } satisfies Record<PartyScreenKey, string>,
    spread: 'Stars',
    stars: (n: number) => `${n}★`,
    list: { grids: 'Grids without an organisation', members: 'Members (masked)', communities: 'Communities by stars' },
    starsList: (n: number) => `${n}-star communities`,
    total: (n: string) => `${n} in all`,
    none: 'None',
    close: 'Close',
    loading: 'Loading…',
  },
} as const;

export interface PartyFiguresProps {
  /** The area in view; null: nothing is fetched. */
  area: string | null;
  lang: Lang;
  /** `lead`: the tablet's sizes (text ≥ 14 px, targets ≥ 44 px); `desk`: the desk's denser ones. Colours come from the screen. */
  variant: 'desk' | 'lead';
  /** A screen that holds the case table opens it under party= for those days; without it, the figure links to the desk's. */
  onCases?: (party: PartyFlag, period: { from: string; to: string }) => void;
}

/**
 * 党建引领 of the area in view, for the desk and the leaders' tablet: coverage, members and 双报到,
 * cadres on duty, the year's cases reported and handled by party members, 五星支部 and the star
 * spread, the same numbers as GET /api/party?parts=summary. Each figure opens the list behind it:
 * the grid cells without an organisation, the members (masked), the communities by stars, or the
 * case table under party=. Test ids `party-fig-<key>` (`data-value` the raw figure) and `party-star-<n>`.
 */
export function PartyFigures({ area, lang, variant, onCases }: PartyFiguresProps) {
  const t = STRINGS[lang];
  const summary = usePartySummary(area);
  const [open, setOpen] = useState<{ area: string; list: PartyListKind } | null>(null);
  const shown = summary && summary.area.code === area ? summary : null;
  const list = open && open.area === area ? open.list : null;
  const toggle = (next: PartyListKind) => {
    if (!area) return;
    setOpen(list && JSON.stringify(list) === JSON.stringify(next) ? null : { area, list: next });
  };
  const period = shown ? partyCasesPeriod(shown.cases.year, Date.now()) : null;

  return (
    <div className={`party-figures party-figures--${variant}`} data-testid="party-screen" data-area={shown?.area.code ?? ''}>
      <h2 className="party-figures__title">{t.title}</h2>
      <ul className="party-figures__list">
        {partyScreenFigures(shown).map((f) => {
          const body = (
            <>
              <span className="party-figures__label">{t.figure[f.key]}</span>
              <span className="party-figures__value">
                {formatFigure(f.value, f.format, t.locale)}
                {f.of !== null ? <span className="party-figures__of">{` / ${formatFigure(f.of, INTEGER, t.locale)}`}</span> : null}
              </span>
            </>
          );
          const common = { className: 'party-figures__figure', 'data-testid': `party-fig-${f.key}`, 'data-value': f.value ?? '', 'data-of': f.of ?? '' };
          const through = f.through;
          let item;
          if (!through || !area) item = <div {...common}>{body}</div>;
          else if (through.kind === 'cases') {
            item =
              onCases || !period ? (
                <button type="button" {...common} onClick={() => period && onCases?.(through.party, period)}>
                  {body}
                </button>
              ) : (
                <a {...common} href={deskPartyCasesHref(area, through.party, period, lang)}>
                  {body}
                </a>
              );
          } else {
            const next: PartyListKind = through.kind === 'communities' ? { kind: 'communities', stars: null } : through;
            item = (
              <button type="button" {...common} aria-expanded={list !== null && JSON.stringify(list) === JSON.stringify(next)} onClick={() => toggle(next)}>
                {body}
              </button>
            );
          }
          return <li key={f.key}>{item}</li>;
        })}
      </ul>
      <div className="party-figures__spread" aria-label={t.spread}>
        <span className="party-figures__label">{t.spread}</span>
        {(shown?.ratings.spread ?? []).map((count, stars) => (
          <button type="button" key={stars} className="party-figures__star" data-testid={`party-star-${stars}`} data-value={count} onClick={() => toggle({ kind: 'communities', stars })}>
            {t.stars(stars)} <b>{formatFigure(count, INTEGER, t.locale)}</b>
          </button>
        ))}
      </div>
      {area && list ? <PartyListView area={area} list={list} lang={lang} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function PartyListView({ area, list, lang, onClose }: { area: string; list: PartyListKind; lang: Lang; onClose: () => void }) {
  const t = STRINGS[lang];
  const data: PartyList | null = usePolled(partyListUrl(area, list), parsePartyList, PARTY_SUMMARY_POLL_MS, null);
  const title = list.kind === 'communities' && list.stars !== null ? t.starsList(list.stars) : t.list[list.kind];
  return (
    <section className="party-figures__sheet" data-testid="party-list" data-kind={list.kind} data-total={data?.total ?? ''}>
      <header>
        <h3>
          {title} <span className="party-figures__of">{data ? t.total(formatFigure(data.total, INTEGER, t.locale)) : t.loading}</span>
        </h3>
        <button type="button" className="party-figures__close" onClick={onClose} aria-label={t.close}>
          ×
        </button>
      </header>
      {data && data.rows.length === 0 ? <p className="party-figures__of">{t.none}</p> : null}
      <ol>
        {data?.rows.map((row) => (
          <li key={row.code} data-code={row.code} data-value={row.value ?? ''}>
            <span className="party-figures__row-name">{row.name}</span>
            <span className="party-figures__of">{row.detail}</span>
            {row.value !== null ? <span className="party-figures__row-value">{row.of !== null ? `${row.value}/${row.of}` : formatFigure(row.value, INTEGER, t.locale)}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
