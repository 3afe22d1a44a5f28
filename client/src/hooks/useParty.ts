import { PARTY_MAP_POLL_MS, PARTY_SUMMARY_POLL_MS, parsePartyMap, parsePartySummary, partyMapUrl, partySummaryUrl, type PartyMapData, type PartySummary } from '../api/party.js';
import { usePolled } from './usePolled.js';

/**
 * 党建引领 of an area for any screen: the panel's summary (a few hundred bytes, a poll a minute)
 * and, when `map` is on, the centres and grid organisations the map layer draws (fetched per area,
 * renewed hourly). One request of each in flight at most; null area: nothing is fetched.
 */
export function usePartySummary(area: string | null): PartySummary | null {
  return usePolled(area === null ? null : partySummaryUrl(area), parsePartySummary, PARTY_SUMMARY_POLL_MS, null);
}

export function usePartyMap(area: string | null, map: boolean): PartyMapData | null {
  return usePolled(area === null || !map ? null : partyMapUrl(area), parsePartyMap, PARTY_MAP_POLL_MS, null);
}
