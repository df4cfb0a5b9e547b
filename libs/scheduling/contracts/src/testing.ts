// For tests and benchmarks only: a seeker whose devices and environment pass every point
// of the Art. 5 checklist (R41), as a request body or a ReservationRequested carries them.
// Returned fresh each time, so a test may change its copy.
import type { DeviceReadiness, EnvironmentAttestation } from './index';

export function readyDevices(): DeviceReadiness {
  return { camera: true, microphone: true, speaker: true };
}

export function readyEnvironment(): EnvironmentAttestation {
  return {
    safeDevice: true,
    noPublicWifi: true,
    supportedOs: true,
    firewallOn: true,
    noFileSharing: true,
    antivirusCurrent: true,
  };
}

/** A seeker's checks as a request body holds them: both of the above. */
export function readySeeker(): { devices: DeviceReadiness; environment: EnvironmentAttestation } {
  return { devices: readyDevices(), environment: readyEnvironment() };
}
