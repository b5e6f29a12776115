/**
 * What a notice says, in plain words: zh-CN first (SMS and WeChat carry only that), English
 * below it in e-mails. Days and times are shown in the network's zone (Asia/Shanghai).
 * Pure functions: the values come from the notice row, never from the database here.
 */
import { zoneFormatter } from '../../kernel/time-zone.js';
import type { NoticeKind } from './types.js';

export interface Rendered {
  subject: string;
  text: string;
  subjectEn: string;
  textEn: string;
}

type Vars = Record<string, string | number | null | undefined>;

/** '2026-12-01' -> '2026年12月01日'. */
export function zhDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${m}月${d}日`;
}

function parts(iso: string, timeZone: string) {
  const p = Object.fromEntries(zoneFormatter(timeZone).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** An instant as '2026年12月01日 14:30' in the zone. */
export function zhDateTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${zhDay(p.day)} ${p.time}`;
}

function enDateTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return `${p.day} ${p.time}`;
}

const s = (v: Vars[string]) => (v === null || v === undefined ? '' : String(v));

export function render(kind: NoticeKind, vars: Vars, timeZone: string): Rendered {
  const lib = s(vars.libraryName) || '天一图书馆';
  const libEn = s(vars.libraryNameEn) || lib;
  const sign = `【${lib}】`;
  const title = s(vars.title);
  switch (kind) {
    case 'due_soon':
      return {
        subject: `图书即将到期：《${title}》`,
        text: `${sign}您借阅的《${title}》将于${zhDay(s(vars.dueDay))}到期，请及时归还或续借。`,
        subjectEn: `Due soon: ${title}`,
        textEn: `${libEn}: "${title}" is due on ${s(vars.dueDay)}. Please return or renew it in time.`,
      };
    case 'overdue':
      return {
        subject: `图书已逾期：《${title}》`,
        text: `${sign}您借阅的《${title}》已于${zhDay(s(vars.dueDay))}到期，已逾期${s(vars.daysOverdue)}天，请尽快归还。`,
        subjectEn: `Overdue: ${title}`,
        textEn: `${libEn}: "${title}" was due on ${s(vars.dueDay)} and is ${s(vars.daysOverdue)} day(s) overdue. Please return it soon.`,
      };
    case 'hold_ready':
      return {
        subject: `预约图书已到馆：《${title}》`,
        text: `${sign}您预约的《${title}》已到馆，请于${zhDay(s(vars.shelfExpiresOn))}前到${s(vars.pickupName)}凭读者证取书。`,
        subjectEn: `Your hold is ready: ${title}`,
        textEn: `${libEn}: "${title}" is waiting for you at ${s(vars.pickupNameEn) || s(vars.pickupName)} until ${s(vars.shelfExpiresOn)}. Bring your card.`,
      };
    case 'event_reminder':
      return {
        subject: `活动提醒：${title}`,
        text: `${sign}您报名的活动“${title}”将于${zhDateTime(s(vars.startsAt), timeZone)}${vars.place ? `在${s(vars.place)}` : ''}举行，欢迎准时参加。`,
        subjectEn: `Reminder: ${title}`,
        textEn: `${libEn}: "${title}" starts at ${enDateTime(s(vars.startsAt), timeZone)}${vars.place ? ` (${s(vars.place)})` : ''}. See you there.`,
      };
    case 'event_promoted':
      return {
        subject: `候补成功：${title}`,
        text: `${sign}您已由候补转为正式报名：活动“${title}”，时间${zhDateTime(s(vars.startsAt), timeZone)}。`,
        subjectEn: `You have a place: ${title}`,
        textEn: `${libEn}: a place became free and you are now registered for "${title}" at ${enDateTime(s(vars.startsAt), timeZone)}.`,
      };
    case 'event_cancelled':
      return {
        subject: `活动取消：${title}`,
        text: `${sign}很抱歉，您报名的活动“${title}”已取消。`,
        subjectEn: `Cancelled: ${title}`,
        textEn: `${libEn}: we are sorry, "${title}" has been cancelled.`,
      };
    case 'reservation_no_show':
      return {
        subject: '预约未签到',
        text: `${sign}您预约的${zhDateTime(s(vars.startsAt), timeZone)}座位/空间未按时签到，已被释放并记违约一次。`,
        subjectEn: 'Booking not used',
        textEn: `${libEn}: you did not check in for your booking at ${enDateTime(s(vars.startsAt), timeZone)}; it was released and counted as a no-show.`,
      };
    case 'reservation_suspended':
      return {
        subject: '预约权限暂停',
        text: `${sign}因多次预约未签到，您在本馆的座位和空间预约暂停至${zhDateTime(s(vars.until), timeZone)}。`,
        subjectEn: 'Bookings suspended',
        textEn: `${libEn}: after repeated no-shows, your seat and room bookings here are suspended until ${enDateTime(s(vars.until), timeZone)}.`,
      };
  }
}

/** The e-mail body: Chinese, then English. */
export function emailText(r: Rendered): string {
  return `${r.text}\n\n${r.textEn}\n\n—— 本邮件由系统自动发送，请勿回复。This message was sent automatically; please do not reply.\n`;
}
