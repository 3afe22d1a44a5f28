import { useCityData } from '../hooks/useCityData.js';
import { darkTheme } from '../theme.js';
import type { CityData } from '../api/loadCity.js';
import { areaLabel, liveAreaFromSearch } from '../live/liveArea.js';
import { LivePanel } from './LivePanel.js';
import { WallMap } from './WallMap.js';

const TITLE = '郑州市城市运行一屏观全域';

/** The operations wall: a title bar over a full-screen map of the city. */
export function Wall() {
  const city = useCityData();
  const counts = city.status === 'ready' ? city.data.areas.counts : null;
  return (
    <main className="wall">
      <header className="wall-header">
        <h1>{TITLE}</h1>
        {counts && (
          <p className="wall-header__counts">
            区县 {counts.district} · 街道/乡镇 {counts.street} · 社区/村 {counts.community.toLocaleString('zh-CN')} · 网格{' '}
            {counts.grid.toLocaleString('zh-CN')}
          </p>
        )}
      </header>
      {city.status === 'ready' && <WallMap city={city.data} theme={darkTheme} />}
      {city.status === 'ready' && <LiveFigures data={city.data} />}
      {city.status === 'loading' && <p className="wall-notice">正在加载城市数据…</p>}
      {city.status === 'error' && <p className="wall-notice wall-notice--error">城市数据加载失败：{city.message}</p>}
    </main>
  );
}

function LiveFigures({ data }: { data: CityData }) {
  const area = liveAreaFromSearch(window.location.search, data.areas.city.code);
  const { city, districts, streets } = data.overview;
  return <LivePanel area={area} areaName={areaLabel(area, [...city, ...districts, ...streets])} />;
}
