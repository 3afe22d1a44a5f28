/** "11-22 08:07" of an ISO time, in Beijing time whatever the browser's zone. */
export function caseTime(iso: string | null, _lang: 'zh' | 'en'): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '—';
  return new Date(ms + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');
}
