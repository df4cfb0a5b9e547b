import { createContext, useContext } from 'react';
import type { Office } from '../api/views';

export const OfficeContext = createContext<Office | undefined>(undefined);

/** The office's name, phone and hours (GET /office), once known. */
export function useOffice(): Office | undefined {
  return useContext(OfficeContext);
}
