// Camera and microphone check in the browser (getUserMedia): tells the seeker, before the
// day, whether their device works. Nothing is sent or kept; the tracks stop on leaving.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/ui';

type State =
  | { kind: 'idle' }
  | { kind: 'asking' }
  | { kind: 'running'; camera: boolean; microphone: boolean }
  | { kind: 'failed'; reason: 'denied' | 'notFound' | 'unsupported' | 'failed' };

export function DeviceCheck() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [level, setLevel] = useState(0);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | undefined>(undefined);
  const audio = useRef<{ context: AudioContext; frame: number } | undefined>(undefined);

  const stop = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = undefined;
    if (audio.current) {
      cancelAnimationFrame(audio.current.frame);
      void audio.current.context.close().catch(() => undefined);
      audio.current = undefined;
    }
    setLevel(0);
  };
  useEffect(() => stop, []);

  async function start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ kind: 'failed', reason: 'unsupported' });
      return;
    }
    setState({ kind: 'asking' });
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      stream.current = media;
      const camera = media.getVideoTracks().length > 0;
      const microphone = media.getAudioTracks().length > 0;
      setState({ kind: 'running', camera, microphone });
      if (video.current) {
        video.current.srcObject = media;
        void video.current.play().catch(() => undefined);
      }
      if (microphone && typeof AudioContext !== 'undefined') {
        const context = new AudioContext();
        const analyser = context.createAnalyser();
        analyser.fftSize = 512;
        context.createMediaStreamSource(media).connect(analyser);
        const samples = new Uint8Array(analyser.fftSize);
        const tick = () => {
          analyser.getByteTimeDomainData(samples);
          let peak = 0;
          for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
          setLevel(Math.min(100, Math.round((peak / 128) * 200)));
          audio.current = { context, frame: requestAnimationFrame(tick) };
        };
        audio.current = { context, frame: requestAnimationFrame(tick) };
      }
    } catch (error) {
      const name = (error as DOMException)?.name;
      setState({
        kind: 'failed',
        reason:
          name === 'NotAllowedError' || name === 'SecurityError'
            ? 'denied'
            : name === 'NotFoundError' || name === 'OverconstrainedError'
              ? 'notFound'
              : 'failed',
      });
    }
  }

  return (
    <section aria-labelledby="device-check-title" className="panel">
      <h2 id="device-check-title" className="mt-0">
        {t('device.title')}
      </h2>
      <p>{t('device.lead')}</p>
      <div role="status" aria-live="polite" className="mb-4">
        {state.kind === 'asking' && <p>{t('device.asking')}</p>}
        {state.kind === 'running' && (
          <ul className="list-none pl-0 font-bold">
            <li>
              {state.camera ? '✓ ' : '✗ '}
              {state.camera ? t('device.cameraOk') : t('device.cameraNone')}
            </li>
            <li>
              {state.microphone ? '✓ ' : '✗ '}
              {state.microphone ? t('device.micOk') : t('device.micNone')}
            </li>
          </ul>
        )}
        {state.kind === 'failed' && <p className="error-text">{t(`device.${state.reason}`)}</p>}
      </div>
      <video
        ref={video}
        muted
        playsInline
        aria-label={t('device.preview')}
        className={state.kind === 'running' && state.camera ? 'mb-4 w-full max-w-sm rounded-8 bg-black' : 'hidden'}
      />
      {state.kind === 'running' && state.microphone && (
        <div className="mb-4">
          <label htmlFor="mic-level" className="label">
            {t('device.level')}
          </label>
          <meter id="mic-level" min={0} max={100} value={level} className="h-6 w-full max-w-sm" />
        </div>
      )}
      <p className="text-dns-16N-130">{t('device.speakerNote')}</p>
      {state.kind === 'running' ? (
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => {
            stop();
            setState({ kind: 'idle' });
          }}
        >
          {t('device.stop')}
        </button>
      ) : (
        <button type="button" className="btn btn-secondary" onClick={() => void start()}>
          {t('device.start')}
        </button>
      )}
    </section>
  );
}

export function DeviceCheckPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('device.title')}</PageHeading>
      <DeviceCheck />
    </>
  );
}
