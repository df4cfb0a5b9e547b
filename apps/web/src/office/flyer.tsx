// A printable A4 flyer (the office's paper flyer as a model): what the service is, who may
// use it, how to apply, hours and phone, and a QR code that leads to the request page. The
// text is the start page's own (one wording for the web and the paper).
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getOffice } from '../api/views';
import { PageHeading } from '../components/ui';
import { useLoad } from '../lib/use-load';

export function FlyerPage() {
  const { t } = useTranslation();
  const office = useLoad(getOffice, 'office');
  const url = `${window.location.origin}/request`;
  const [svg, setSvg] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then(
      (made) => live && setSvg(made),
    );
    return () => {
      live = false;
    };
  }, [url]);
  const list = (key: string) => t(key, { returnObjects: true }) as string[];
  const hours = office.data?.hours;
  return (
    <>
      <div className="print:hidden">
        <PageHeading>{t('office.flyer.title')}</PageHeading>
        <p>{t('office.flyer.lead')}</p>
        <button type="button" className="btn btn-primary mb-8" onClick={() => window.print()}>
          {t('office.flyer.print')}
        </button>
      </div>
      <article
        aria-label={t('office.flyer.preview')}
        className="flyer mx-auto border border-solid-gray-420 bg-white p-8 print:border-0 print:p-0"
      >
        <p className="mb-1 text-std-18B-160">{office.data?.name ?? t('meta.office')}</p>
        <h2 className="mt-0 text-std-32B-150">{t('start.title')}</h2>
        <p className="text-std-18N-160">{t('start.lead')}</p>
        <div className="grid gap-6 sm:grid-cols-[1fr_auto] print:grid-cols-[1fr_auto]">
          <div>
            <h3>{t('start.whoTitle')}</h3>
            <ul>
              {list('start.who').map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
          <figure className="m-0 text-center">
            {svg ? (
              <img
                src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`}
                width={176}
                height={176}
                alt={t('office.flyer.qrAlt', { url })}
              />
            ) : (
              <span role="status">{t('layout.loading')}</span>
            )}
            <figcaption className="text-dns-14N-130">
              {t('office.flyer.qrCaption')}
              <br />
              <span className="break-all">{url}</span>
            </figcaption>
          </figure>
        </div>
        <h3>{t('start.stepsTitle')}</h3>
        <ol>
          {list('start.steps').map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
        <h3>{t('start.cannotTitle')}</h3>
        <ul>
          {list('start.cannot').map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h3>{t('start.hoursTitle')}</h3>
        {hours && <p className="mb-1">{t('start.hours', { open: hours.open, close: hours.close })}</p>}
        {office.data && <p className="text-std-20B-150">{t('start.phone', { phone: office.data.phone })}</p>}
      </article>
    </>
  );
}
