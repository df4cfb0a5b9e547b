import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { rememberNext } from '../api/session';
import { useSession } from '../lib/use-session';

/** Pages of a signed-in seeker: others are sent to sign in, and come back here after. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { signedIn, expired } = useSession();
  const location = useLocation();
  // An expiry keeps the page (and the form's answers) under the dialog that offers a new sign-in.
  if (signedIn || expired) return <>{children}</>;
  rememberNext(location.pathname + location.search);
  return <Navigate to="/sign-in" replace />;
}
