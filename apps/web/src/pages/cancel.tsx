// Cancel (R17): online until the day before; on the day itself the page gives the office's
// phone number instead, as the API does (409 SAME_DAY_PHONE_ONLY).
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { getReservation, type Reservation } from '../api/views';
import { TextInput } from '../components/fields';
import { ErrorNotice, Loading, PageHeading } from '../components/ui';
import { currentLanguage } from '../i18n';
import { formatSlot } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { useOffice } from '../lib/use-office';
import { useSubmitGuard } from '../lib/use-submit-guard';

export function CancelPage() {
  const { id = '' } = useParams();
  const loaded = useLoad(() => getReservation(id), id);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorNotice error={loaded.error} />;
  return <CancelForm reservation={loaded.data} />;
}

function SameDay({ phone }: { phone: string }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('cancel.sameDayTitle')}</PageHeading>
      <p className="text-std-18N-160">{t('cancel.sameDay')}</p>
      {phone && (
        <p>
          <a href={`tel:${phone.replace(/[^\d+]/g, '')}`} className="btn btn-primary">
            {t('cancel.callNow', { phone })}
          </a>
        </p>
      )}
    </>
  );
}

function CancelForm({ reservation }: { reservation: Reservation }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const office = useOffice();
  const [reason, setReason] = useState('');
  const sending = useSubmitGuard();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [phoneOnly, setPhoneOnly] = useState<string | undefined>(
    reservation.actions.cancelByPhone ? (reservation.officePhone ?? office?.phone ?? '') : undefined,
  );
  const back = (
    <p className="mt-6">
      <Link to={`/reservations/${reservation.id}`}>{t('cancel.keep')}</Link>
    </p>
  );

  if (done)
    return (
      <>
        <div className="confirmation">
          <PageHeading>{t('cancel.doneTitle')}</PageHeading>
        </div>
        <p>{t('cancel.done')}</p>
        <Link to="/reservations" className="btn btn-primary">
          {t('layout.myReservations')}
        </Link>
      </>
    );
  if (phoneOnly !== undefined)
    return (
      <>
        <SameDay phone={phoneOnly || reservation.officePhone || office?.phone || ''} />
        {back}
      </>
    );
  if (!reservation.actions.cancel)
    return (
      <>
        <PageHeading>{t('cancel.title')}</PageHeading>
        <p>{t('cancel.cannot')}</p>
        {back}
      </>
    );

  async function cancel() {
    setFailure(undefined);
    try {
      // Kept shut after a success: the page says it is done, and nothing is sent again.
      await sending.run(
        async () => {
          await unwrap(
            api.POST('/api/v1/reservations/{id}/cancellation', {
              params: { path: { id: reservation.id } },
              body: reason.trim() ? { reason: reason.trim() } : {},
            }),
          );
          setDone(true);
        },
        { hold: true },
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'SAME_DAY_PHONE_ONLY') {
        const phone = error.details?.phone ?? error.details?.officePhone;
        setPhoneOnly(typeof phone === 'string' ? phone : '');
      } else setFailure(error);
    }
  }

  const when = reservation.slot ?? reservation.offeredSlots[0] ?? reservation.desiredSlots[0];
  return (
    <>
      {failure !== undefined && <ErrorNotice error={failure} />}
      <PageHeading caption={reservation.number}>{t('cancel.title')}</PageHeading>
      <p>{t('cancel.lead')}</p>
      <div className="panel">
        {reservation.number && (
          <p className="mb-1">
            {t('reservations.number')}: <strong>{reservation.number}</strong>
          </p>
        )}
        {when && <p className="mb-0 font-bold">{formatSlot(when, language)}</p>}
      </div>
      <TextInput
        id="reason"
        label={t('cancel.reason')}
        hint={t('cancel.reasonHint')}
        value={reason}
        onChange={setReason}
        multiline
      />
      <DialogTrigger>
        <Button className="btn btn-danger">{t('cancel.submit')}</Button>
        <ModalOverlay isDismissable className="fixed inset-0 z-50 grid place-items-center bg-opacity-gray-500 p-4">
          <Modal className="w-full max-w-lg rounded-12 bg-white p-6 shadow-3">
            <Dialog role="alertdialog" className="outline-none">
              {({ close }) => (
                <>
                  <Heading slot="title" className="mt-0 text-std-22B-150">
                    {t('cancel.confirmTitle')}
                  </Heading>
                  <p>{t('cancel.confirm')}</p>
                  <div className="flex flex-wrap gap-3">
                    <Button
                      className="btn btn-danger-solid"
                      isDisabled={sending.busy}
                      onPress={() => {
                        void cancel().then(close);
                      }}
                    >
                      {sending.busy ? t('cancel.sending') : t('cancel.confirmYes')}
                    </Button>
                    <Button className="btn btn-secondary" onPress={close}>
                      {t('cancel.confirmNo')}
                    </Button>
                  </div>
                </>
              )}
            </Dialog>
          </Modal>
        </ModalOverlay>
      </DialogTrigger>
      {back}
    </>
  );
}
