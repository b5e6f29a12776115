/**
 * Wall-clock reading in any IANA time zone through Intl. Formatters are cached: building one
 * costs far more than using it. Pure; shared by calendars and the SIP2 date codec.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar day ('YYYY-MM-DD') an instant falls on in a time zone, with the cached formatter. */
export function dayIn(instant: Date, timeZone: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const p of zoneFormatter(timeZone).formatToParts(instant)) {
    if (p.type === 'year') year = p.value;
    else if (p.type === 'month') month = p.value;
    else if (p.type === 'day') day = p.value;
  }
  return `${year}-${month}-${day}`;
}
