import { useEffect, useState } from 'react';
import { loadDistrict, type DistrictAreas } from '../../api/loadCity.js';
import type { AreaFeature } from '../../map/geo/areaFeatures.js';
import { useCityData } from '../../hooks/useCityData.js';

/** District detail files fetched by the tablet (15 districts at most: bounded by the city). */
const districts = new Map<string, Promise<DistrictAreas>>();

/**
 * Outlines of an area's children for the small map: the city's districts and a district's streets
 * from the overview, a street's communities and a community's grid cells from the district's file
 * (fetched when first needed). A grid cell shows itself. Null while loading or when unavailable.
 */
export function useAreaShapes(area: string | null): AreaFeature[] | null {
  const city = useCityData();
  const [detail, setDetail] = useState<DistrictAreas | null>(null);
  const ready = city.status === 'ready' ? city.data : null;
  const district = area && area.length >= 9 ? area.slice(0, 6) : null;
  useEffect(() => {
    setDetail(null);
    if (!ready || !district) return;
    const url = ready.areas.geometry.districts[district];
    if (!url) return;
    let alive = true;
    let loading = districts.get(district);
    if (!loading) {
      loading = loadDistrict((u, init) => fetch(u, init), district, url);
      districts.set(district, loading);
      loading.catch(() => districts.delete(district));
    }
    loading.then(
      (d) => alive && setDetail(d),
      (err: unknown) => console.warn('district outlines unavailable:', err),
    );
    return () => {
      alive = false;
    };
  }, [ready, district]);
  if (!ready || !area) return null;
  if (area === ready.areas.city.code) return ready.overview.districts;
  if (area.length === 6) return ready.overview.streets.filter((f) => f.properties.code.startsWith(area));
  if (!detail || detail.code !== district) return null;
  if (area.length === 9) return detail.communities.filter((f) => f.properties.code.startsWith(area));
  if (area.length === 12) return detail.grids.filter((f) => f.properties.code.startsWith(area));
  return detail.grids.filter((f) => f.properties.code === area);
}
