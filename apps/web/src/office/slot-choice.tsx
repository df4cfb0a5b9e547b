// Slots of one day from live availability (GET /availability), with what is left of each:
// a place held by an offer (R12) or booked counts against capacity (R4), so `remaining`
// already leaves out holds. Used to offer slots (1-3) and to book a follow-up (one).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../lib/use-load';
import { currentLanguage } from '../i18n';
import { formatTime } from '../lib/format';
import { getAvailability, type Slot } from './views';

export function DayField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        id={id}
        type="date"
        className="input"
        style={{ maxWidth: '14rem' }}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export function SlotChoice({
  date,
  selected,
  onToggle,
  max,
  allowLeadTime,
  legend,
}: {
  date: string;
  selected: string[];
  onToggle: (slot: Slot) => void;
  max: number;
  /** R5 waived: slots refused only for the lead time may be chosen. */
  allowLeadTime?: boolean;
  legend: string;
}) {
  const { t } = useTranslation();
  const name = useId();
  const slots = useLoad(() => getAvailability(date, date), date);
  const language = currentLanguage();
  if (!date) return null;
  if (slots.loading) return <p role="status">{t('layout.loading')}</p>;
  const list = (slots.data ?? []).filter((slot) => slot.start);
  return (
    <fieldset className="field border-0 p-0">
      <legend className="label">{legend}</legend>
      {list.length === 0 && <p>{t('office.slots.none')}</p>}
      <ul className="m-0 grid list-none grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-2 p-0">
        {list.map((slot) => {
          const chosen = selected.some((s) => Date.parse(s) === Date.parse(slot.start));
          const usable = slot.remaining > 0 && (slot.requestable || (allowLeadTime && slot.reason === 'LEAD_TIME'));
          const disabled = !chosen && (!usable || selected.length >= max);
          return (
            <li key={slot.start}>
              <label
                className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-8 border px-3 py-2 ${chosen ? 'border-blue-900 bg-blue-50' : 'border-solid-gray-420'} ${disabled ? 'cursor-not-allowed text-solid-gray-536' : ''}`}
              >
                <input
                  type={max === 1 ? 'radio' : 'checkbox'}
                  name={name}
                  className="h-5 w-5"
                  checked={chosen}
                  disabled={disabled}
                  onChange={() => onToggle(slot)}
                />
                <span>
                  <span className="font-bold">{formatTime(slot.start, language)}</span>{' '}
                  <span className="text-dns-14N-130">
                    {slot.remaining > 0
                      ? t('office.slots.remaining', { count: slot.remaining })
                      : t('office.slots.full')}
                    {!slot.requestable &&
                      slot.reason &&
                      slot.remaining > 0 &&
                      ` ・${t(`office.slots.reason.${slot.reason}`, { defaultValue: slot.reason })}`}
                  </span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
