// 1-3 desired slots from the office's availability (R2-R5 visible): a calendar of the
// coming weeks where a day that cannot be chosen says why, the times of the chosen day,
// and the choices so far in order of preference.
import { parseDate, type CalendarDate } from '@internationalized/date';
import { useState } from 'react';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  CalendarGridBody,
  CalendarGridHeader,
  CalendarHeaderCell,
  Checkbox,
  CheckboxGroup,
  Heading,
  Label,
  Text,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Availability, Day } from '../api/views';
import { currentLanguage } from '../i18n';
import { formatDate, formatSlot, formatTime, jstDate } from '../lib/format';

export const MAX_SLOTS = 3;

export function SlotPicker({
  availability,
  value,
  onChange,
  error,
}: {
  availability: Availability;
  value: string[];
  onChange: (slots: string[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const first = availability.firstRequestableDate ?? availability.from;
  const [date, setDate] = useState<string>(value[0] ? jstDate(value[0]) : first);
  const [focused, setFocused] = useState<string>(date);
  const day: Day | undefined = availability.days.get(date);
  const focusedDay = availability.days.get(focused);
  const reasonText = (d: Day | undefined) => t(`request.slots.reasons.${d?.reason ?? 'outOfRange'}`);
  const full = value.length >= MAX_SLOTS;

  return (
    <div className="field">
      {availability.firstRequestableDate && (
        <p>{t('request.slots.firstDate', { date: formatDate(availability.firstRequestableDate, language) })}</p>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        <Calendar
          id="slot-calendar"
          aria-label={t('request.slots.calendar')}
          aria-describedby="slot-calendar-focused"
          value={parseDate(date)}
          onChange={(picked: CalendarDate) => setDate(picked.toString())}
          onFocusChange={(d: CalendarDate) => setFocused(d.toString())}
          minValue={parseDate(availability.from)}
          maxValue={parseDate(availability.to)}
          isDateUnavailable={(d) => availability.days.get(d.toString())?.reason !== 'available'}
          isInvalid={Boolean(error)}
          className="max-w-md"
        >
          <header className="mb-2 flex items-center justify-between gap-2">
            <Button
              slot="previous"
              className="btn btn-secondary min-h-11 px-3"
              aria-label={t('request.slots.previous')}
            >
              ‹
            </Button>
            <Heading className="m-0 text-std-18B-160" />
            <Button slot="next" className="btn btn-secondary min-h-11 px-3" aria-label={t('request.slots.next')}>
              ›
            </Button>
          </header>
          <CalendarGrid className="w-full border-separate border-spacing-1">
            <CalendarGridHeader>
              {(weekday) => (
                <CalendarHeaderCell className="text-dns-14B-130 text-solid-gray-800">{weekday}</CalendarHeaderCell>
              )}
            </CalendarGridHeader>
            <CalendarGridBody>
              {(d) => (
                <CalendarCell date={d} className="calendar-cell">
                  {({ formattedDate, isUnavailable }) => (
                    <>
                      <span>{formattedDate}</span>
                      <span aria-hidden="true" className="text-dns-14N-120">
                        {isUnavailable ? '–' : '○'}
                      </span>
                    </>
                  )}
                </CalendarCell>
              )}
            </CalendarGridBody>
          </CalendarGrid>
          <p className="mt-2 flex flex-wrap gap-4 text-dns-14N-130" aria-hidden="true">
            <span>○ {t('request.slots.legendFree')}</span>
            <span>– {t('request.slots.legendNone')}</span>
          </p>
          <p id="slot-calendar-focused" role="status" className="mt-2 font-bold">
            {focusedDay
              ? t('request.slots.dayFocused', { date: formatDate(focused, language), reason: reasonText(focusedDay) })
              : ''}
          </p>
        </Calendar>

        <div>
          {day && day.reason === 'available' ? (
            <CheckboxGroup
              value={value.filter((slot) => jstDate(slot) === date)}
              onChange={(chosenToday) => {
                const removed = value.filter((slot) => jstDate(slot) === date && !chosenToday.includes(slot));
                const added = chosenToday.filter((slot) => !value.includes(slot));
                onChange([...value.filter((slot) => !removed.includes(slot)), ...added].slice(0, MAX_SLOTS));
              }}
            >
              <Label className="label text-std-18B-160">
                {t('request.slots.timesFor', { date: formatDate(date, language) })}
              </Label>
              <Text slot="description" className="hint">
                {t('request.slots.times')}
              </Text>
              {day.slots.map((slot) => {
                const chosen = value.includes(slot.start);
                const disabled = !slot.requestable || (full && !chosen);
                return (
                  <Checkbox key={slot.start} value={slot.start} isDisabled={disabled} className="choice">
                    {({ isSelected }) => (
                      <>
                        <span className="choice-box">{isSelected ? '✓' : ''}</span>
                        <span>
                          <span className="font-bold">
                            {formatTime(slot.start, language)}〜{formatTime(slot.end, language)}
                          </span>{' '}
                          <span className="text-solid-gray-700">
                            {slot.requestable
                              ? t('request.slots.remaining', { count: slot.remaining })
                              : t(`request.slots.reasons.${slot.reason ?? 'full'}`)}
                          </span>
                        </span>
                      </>
                    )}
                  </Checkbox>
                );
              })}
            </CheckboxGroup>
          ) : (
            <p className="notice">
              {t('request.slots.dayFocused', { date: formatDate(date, language), reason: reasonText(day) })}
            </p>
          )}
        </div>
      </div>

      <h2 className="text-std-18B-160">{t('request.slots.chosen', { count: value.length })}</h2>
      {value.length === 0 ? (
        <p>{t('request.slots.noneChosen')}</p>
      ) : (
        <ol className="list-none pl-0">
          {value.map((slot, index) => (
            <li
              key={slot}
              className="mb-2 flex flex-wrap items-center gap-3 rounded-8 border border-solid-gray-200 p-3"
            >
              <span className="tag tag-blue">{t('request.slots.rank', { rank: index + 1 })}</span>
              <span className="font-bold">{formatSlot(slot, language)}</span>
              <button
                type="button"
                className="btn-link ml-auto"
                onClick={() => onChange(value.filter((s) => s !== slot))}
                aria-label={t('request.slots.remove', { slot: formatSlot(slot, language) })}
              >
                {t('request.slots.removeShort')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
