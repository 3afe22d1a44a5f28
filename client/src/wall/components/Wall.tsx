import { useEffect, useMemo, useState } from 'react';
import { takeoverPosition } from '../alerts/takeoverPosition.js';
import { useTakeover } from '../alerts/useTakeover.js';
import { useCityData } from '../../hooks/useCityData.js';
import { STRINGS } from '../../i18n/strings.js';
import { StringsContext } from '../../i18n/useStrings.js';
import { layerTransform, mapPadding } from '../layout/canvasScale.js';
import { PANEL_LAYOUTS } from '../layout/panelLayout.js';
import { useStage } from '../layout/useStage.js';
import { liveAreaOf } from '../../live/liveArea.js';
import { useAreaFeed } from '../../live/useAreaFeed.js';
import { useTour } from '../state/useTour.js';
import { noticeText, parseWallOptions } from '../state/wallOptions.js';
import { darkTheme, textVariables } from '../../theme.js';
import { liveLayersFor } from '../../map/layers/liveLayerIds.js';
import { CellLegend } from './CellLegend.js';
import { LivePanels } from './LivePanels.js';
import { WallMap } from './WallMap.js';
import type { LiveSocket } from '../../../../shared/src/live/socketFeed.js';
import { SteerBadge } from '../steer/SteerBadge.js';
import { wallReport } from '../steer/steeredView.js';
import { useWallReport } from '../steer/useSteer.js';
import { useSteeredWall } from '../steer/useSteeredWall.js';
import { ReplayBadge } from '../replay/ReplayBadge.js';
import { NO_LIVE_LAYERS, useWallReplay } from '../replay/useWallReplay.js';

/**
 * The operations wall: the map and the panels laid out on a design canvas scaled to the screen
 * (canvasScale.ts). Kiosk: no controls; everything is set in the URL (wallOptions.ts).
 *
 * The map is NOT inside the scaled panel layer as a plain child: it has its own layer, sized in
 * design units and scaled by the same CSS transform, and maplibre is told the pixel ratio that
 * transform implies (device pixels per design unit). So its WebGL buffer has exactly the device
 * pixels it covers: sharp at 4K and 7680×2160, never resampled by the transform, and zoom, label
 * sizes and framing are in design units, identical on every wall. (The alternative, a map
 * outside the scaled layer at physical size, would change the zoom with the resolution: +1 on a
 * 4K wall, crossing the detail thresholds of detailLevels.ts, and halve label sizes.) maplibre 6
 * measures its container with clientWidth (untransformed) and maps pointer events through the
 * element's scale, so it works in a transformed layer; deck.gl interleaved draws into maplibre's
 * buffer at maplibre's pixel ratio (deck.gl issue #10509).
 */
const TEXT_VARIABLES = textVariables();

export function Wall() {
  const [{ options, notices }] = useState(() => parseWallOptions(window.location.search));
  const t = STRINGS[options.lang];
  useEffect(() => {
    document.documentElement.lang = t.locale;
    document.title = t.title;
  }, [t]);
  const stage = useStage(options.mode);
  const layout = PANEL_LAYOUTS[stage.canvas.layout];
  const padding = useMemo(() => mapPadding(stage, layout.mapInsets), [stage, layout]);
  const city = useCityData();
  const ready = city.status === 'ready' ? city.data : null;
  // An alarm takeover pauses the tour; the feed it watches is the tour's area (hooks run in this order).
  const [alarming, setAlarming] = useState(false);
  // A commander's steering (steer/) replaces the URL's settings while it holds; it rides on the feed's connection.
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const steered = useSteeredWall(socket, alarming);
  const tour = useTour(options.area, ready?.areas.city.code ?? null, ready?.overview ?? null, options.rotateSeconds, alarming || steered.state !== null);
  const param = steered.param ?? tour.param;
  const liveArea = ready ? liveAreaOf(param, ready.areas.city.code) : null;
  const feed = useAreaFeed(liveArea);
  // ?replay=: the map plays that period of the area instead of the live layers, under a 回放 badge.
  const replay = useWallReplay(liveArea);
  useEffect(() => setSocket(feed.socket), [feed.socket]);
  const cityCode = ready?.areas.city.code ?? null;
  const metric = steered.metric ?? options.metric;
  const requestedLayers = steered.layers ?? options.layers;
  const liveLayers = useMemo(() => liveLayersFor(requestedLayers, liveArea === cityCode), [requestedLayers, liveArea, cityCode]);
  const alarm = useTakeover(feed.view, options.alarmSeconds * 1000);
  useEffect(() => setAlarming(alarm !== null), [alarm]);
  const takeover = steered.focus ?? alarm;
  const shownTour = steered.state ? steered.tour : tour.count > 1 && liveArea ? { base: liveAreaOf(options.area, cityCode!), index: tour.index, count: tour.count, seconds: options.rotateSeconds, held: alarming } : null;
  useWallReport(
    feed.socket,
    liveArea ? wallReport({ area: liveArea, tour: shownTour, takeover, metric, layers: liveLayers, steerSeq: steered.state ? steered.seq : null }) : null,
  );
  const focus = useMemo(() => {
    const position = takeover && ready ? takeoverPosition(takeover, ready.overview) : null;
    return takeover && position ? { key: takeover.key, position } : null;
  }, [takeover, ready]);
  const [statusSlot, setStatusSlot] = useState<HTMLElement | null>(null);
  const counts = ready?.areas.counts ?? null;
  const { map, panels, canvas } = stage;
  return (
    <StringsContext.Provider value={t}>
      <main className="wall" data-mode={stage.mode} data-layout={canvas.layout} data-steer-seq={steered.seq} style={TEXT_VARIABLES}>
        <div
          className="wall-map-layer"
          data-testid="wall-map-layer"
          style={{ width: map.width, height: map.height, transform: layerTransform(map) }}
        >
          {ready && (
            <WallMap
              city={ready}
              theme={darkTheme}
              param={param}
              focus={focus}
              pixelRatio={map.pixelRatio}
              padding={padding}
              statusSlot={statusSlot}
              live={feed.view}
              liveLayers={replay.params ? NO_LIVE_LAYERS : liveLayers}
              metric={metric}
              socket={feed.socket}
              pointCap={options.points}
              debug={options.debug}
              replay={replay.replay.status === 'ready' ? replay.replay.source : null}
            />
          )}
        </div>
        <div
          className={`wall-canvas wall-canvas--${canvas.layout}`}
          data-testid="wall-canvas"
          style={{ width: canvas.width, height: canvas.height, transform: layerTransform(panels) }}
        >
          <header className="wall-header">
            <h1>{t.title}</h1>
            {counts && (
              <p className="wall-header__counts">
                {t.levelCounts({
                  district: counts.district.toLocaleString(t.locale),
                  street: counts.street.toLocaleString(t.locale),
                  community: counts.community.toLocaleString(t.locale),
                  grid: counts.grid.toLocaleString(t.locale),
                })}
              </p>
            )}
          </header>
          {shownTour && shownTour.count > 1 && (
            <div className="wall-tour" data-testid="tour" data-held={shownTour.held && steered.state ? 'true' : 'false'}>
              {t.tour(shownTour.index + 1, shownTour.count)}
              {shownTour.held && steered.state ? ` · ${t.tourHeld}` : ''}
            </div>
          )}
          {steered.by && <SteerBadge name={steered.by.name} />}
          {(replay.params || replay.problems.length > 0) && <ReplayBadge params={replay.params} problems={replay.problems} replay={replay.replay} lang={options.lang} />}
          {ready && liveArea && <LivePanels area={liveArea} feed={feed} takeover={takeover} overview={ready.overview} layout={layout} stage={stage} />}
          {ready && liveLayers.has('choropleth') && <CellLegend metric={metric} insets={layout.mapInsets} />}
          {city.status === 'loading' && <p className="wall-notice">{t.loadingCity}</p>}
          {city.status === 'error' && <p className="wall-notice wall-notice--error">{t.cityLoadFailed(city.message)}</p>}
          {city.status === 'unauthorized' && (
            <p className="wall-notice wall-notice--error" data-testid="unauthorized" role="alert">
              {t.unauthorized}
            </p>
          )}
          <div className="wall-footer">
            <div ref={setStatusSlot} />
            {notices.length > 0 && (
              <ul className="wall-options-notice" data-testid="options-notice">
                {notices.map((n, i) => (
                  <li key={i}>{noticeText(n, t)}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </main>
    </StringsContext.Provider>
  );
}
