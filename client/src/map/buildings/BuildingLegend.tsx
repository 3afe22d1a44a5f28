import { BUILDING_COLORS, type MapTone } from './buildingColors.js';
import { buildingClassLabels } from './gridBuildings.js';

/** The building layer's colour key: a title and one swatch per class of cases in a building. */
export function BuildingLegend({ title, tone, className }: { title: string; tone: MapTone; className?: string }) {
  const labels = buildingClassLabels();
  return (
    <span className={className} data-testid="building-legend" style={{ display: 'inline-flex', alignItems: 'center', gap: '0.5em', whiteSpace: 'nowrap' }}>
      <span>{title}</span>
      {BUILDING_COLORS[tone].map(([r, g, b], i) => (
        <span key={labels[i]} style={{ display: 'inline-flex', alignItems: 'center', gap: '0.2em' }}>
          <span style={{ display: 'inline-block', width: '1em', height: '0.7em', background: `rgb(${r}, ${g}, ${b})` }} />
          {labels[i]}
        </span>
      ))}
    </span>
  );
}

/** The legend's title in the screens' languages (the desk's locale, the wall's Chinese). */
export function buildingLegendTitle(locale: string): string {
  return locale.startsWith('zh') ? '楼栋内案件' : 'Cases in building';
}
