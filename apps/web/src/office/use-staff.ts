import { useEffect, useState } from 'react';
import { onStaffSessionChange, staffSession, type StaffSession } from './staff-session';

/** The signed-in staff member (or none), and whether the last sign-out was an expiry. */
export function useStaff() {
  const [state, setState] = useState<{ session?: StaffSession; expired: boolean }>(() => ({
    session: staffSession(),
    expired: false,
  }));
  useEffect(() => onStaffSessionChange((session, reason) => setState({ session, expired: reason === 'expired' })), []);
  return state;
}
