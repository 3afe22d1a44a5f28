import { createContext, useContext } from 'react';
import { zh, type WallStrings } from './strings.js';

/** The wall's dictionary, chosen once from `?lang=`. */
export const StringsContext = createContext<WallStrings>(zh);

export function useStrings(): WallStrings {
  return useContext(StringsContext);
}
