import type { Principal } from '../../../../shared/src/access/principal.js';
import type { LiveFeedState } from '../../live/useAreaFeed.js';
import { signOut } from '../api/deskApi.js';
import type { DeskStrings } from '../i18n/deskStrings.js';
import type { DeskState } from '../state/deskUrl.js';
import { SearchBox } from './SearchBox.js';

interface Props {
  t: DeskStrings;
  principal: Principal;
  state: DeskState;
  navigate: (next: DeskState) => void;
  area: string;
  areaName: string;
  feed: LiveFeedState;
}

/** Title, search, the live line, and always who is signed in, their area and the way out. */
export function DeskHeader({ t, principal, state, navigate, area, areaName, feed }: Props) {
  // After a deploy the page reloads itself (useBuildReload): said before anything else, as it explains a refused version too.
  // Held: due, but waiting until the person has sent or cleared what they are typing.
  const live = feed.update ? (feed.update.held ? t.live.held : t.live.updating(feed.update.retry)) : feed.refusal ? t.live.refused : feed.connected ? t.live.ok : t.live.lost;
  const liveClass = feed.update ? 'updating' : feed.connected && !feed.refusal ? 'ok' : 'lost';
  return (
    <header className="desk-header">
      <h1>{t.title}</h1>
      <SearchBox t={t} state={state} navigate={navigate} area={principal.scope} />
      <span className={`desk-live ${liveClass}`} data-testid="desk-live" data-update={feed.update ? (feed.update.held ? 'held' : feed.update.retry ? 'retry' : 'reload') : undefined} role="status">
        {live}
      </span>
      <span className="desk-who" data-testid="desk-who">
        <strong>{principal.name}</strong> · {t.role(principal.role)} · <span data-testid="desk-area-name">{areaName}</span>
        <small> ({area})</small>
      </span>
      <button type="button" onClick={() => navigate({ ...state, theme: state.theme === 'light' ? 'dark' : 'light' })} data-testid="desk-theme">
        {state.theme === 'light' ? t.theme.dark : t.theme.light}
      </button>
      <button type="button" onClick={() => navigate({ ...state, lang: state.lang === 'zh' ? 'en' : 'zh' })} data-testid="desk-lang">
        {t.otherLang}
      </button>
      <button
        type="button"
        data-testid="desk-sign-out"
        onClick={() => {
          signOut().then(
            () => location.assign('/login'),
            () => location.assign('/login'),
          );
        }}
      >
        {t.signOut}
      </button>
    </header>
  );
}
