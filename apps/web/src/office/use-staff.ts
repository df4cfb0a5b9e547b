import { useEffect, useState } from 'react';
import { onStaffSessionChange, staffSession, type StaffSession } from './staff-session';

/**
 * The signed-in staff member (or none), and why the last sign-out happened when the member
 * did not ask for it: the token expired, or an administrator changed the account (revoked).
 */
export function useStaff() {
  const [state, setState] = useState<{ session?: StaffSession; ended?: 'expired' | 'revoked' }>(() => ({
    session: staffSession(),
  }));
  useEffect(
    () =>
      onStaffSessionChange((session, reason) =>
        setState({ session, ended: reason === 'expired' || reason === 'revoked' ? reason : undefined }),
      ),
    [],
  );
  return state;
}
