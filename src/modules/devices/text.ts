/**
 * What a kiosk shows and prints (SIP2 AF/AG, the device API's `message`), in the device's
 * language: zh-CN by default, English for devices set to 'en' (SIP2 language 001). Refusal
 * codes get a reader-facing sentence; an unknown code falls back to a generic one with the code.
 */
import type { Refusal } from '../../kernel/errors.js';
import type { DeviceLanguage } from './store.js';

type Params = Record<string, string | number>;
type Table = Record<string, [zh: string, en: string]>;

const MESSAGES: Table = {
  checkedOut: ['借书成功，应还日期 {due}', 'Checked out. Due {due}'],
  alreadyLoaned: ['此书已借出给您，应还日期 {due}', 'Already checked out to you. Due {due}'],
  checkedIn: ['还书成功', 'Checked in'],
  checkedInFine: ['还书成功，产生逾期费 {amount} 元', 'Checked in. Overdue fine {amount} yuan'],
  reshelve: ['请放回书架', 'Return to shelf'],
  holdShelf: ['预约书，请放预约架：{name}', 'Hold for {name}: place on the hold shelf'],
  transit: ['请转运至 {library}', 'Send to {library}'],
  renewed: ['续借成功，应还日期 {due}', 'Renewed. Due {due}'],
  renewedAll: ['续借 {ok} 册，未续借 {failed} 册', '{ok} renewed, {failed} not renewed'],
  feePaid: ['缴费成功 {amount} 元', 'Payment of {amount} yuan accepted'],
  holdPlaced: ['预约成功，排队第 {position} 位', 'Hold placed, position {position} in the queue'],
  holdReadyNow: ['预约成功，书已可取', 'Hold placed; the item is available'],
  holdCancelled: ['预约已取消', 'Hold cancelled'],
  holdChanged: ['预约已修改', 'Hold changed'],
  noHold: ['没有找到您的这条预约', 'No such hold'],
  patronOk: ['{name}，您好', 'Welcome, {name}'],
  patronUnknown: ['读者证无效，请到服务台咨询', 'Unknown card. Please see a staff member'],
  pinInvalid: ['密码错误', 'Wrong PIN'],
  pinLocked: ['密码错误次数过多，已锁定', 'PIN locked after too many attempts'],
  blocked: ['读者证已停用：{reason}', 'Card blocked: {reason}'],
  cardRetained: ['读者证已被自助机收回，请到服务台', 'Your card was retained. Please see a staff member'],
  enabled: ['读者证已恢复使用', 'Card enabled'],
  owes: ['您有未缴费用 {amount} 元', 'You owe {amount} yuan'],
  goodbye: ['谢谢使用，再见', 'Thank you. Goodbye'],
  itemUnknown: ['条码无效：{barcode}', 'Unknown item {barcode}'],
  itemStatus: ['状态：{status}', 'Status: {status}'],
  dueOn: ['应还日期 {due}', 'Due {due}'],
  statusUpdated: ['单册属性已更新', 'Item properties updated'],
  notLoggedIn: ['设备未登录', 'Device not logged in'],
  malformed: ['报文格式错误，请重试', 'Malformed message, please retry'],
  unavailable: ['系统暂时无法办理，请稍后再试或到服务台', 'The service is unavailable. Please try again or see a staff member'],
  notSupported: ['不支持此操作', 'Not supported'],
  mustUseKiosk: ['此书需在自助借还机或服务台办理（需消磁）', 'This item must be checked out at a kiosk or a desk (security strip)'],
  paymentFailed: ['缴费未成功：{reason}', 'Payment not accepted: {reason}'],
};

const REFUSALS: Table = {
  ITEM_ALREADY_CHECKED_OUT: ['此书已被借出', 'This item is already checked out'],
  ITEM_NOT_AVAILABLE: ['此书当前不可借', 'This item is not available'],
  ITEM_NOT_LOANABLE: ['此书不外借', 'This item is not for loan'],
  ITEM_ON_HOLD_FOR_OTHER: ['此书已被其他读者预约', 'This item is on hold for another reader'],
  ITEM_NOT_FOR_READER_GROUP: ['您的读者类型不能借阅此书', 'Your card type may not borrow this item'],
  LOAN_LIMIT_REACHED: ['已达借阅数量上限', 'Loan limit reached'],
  ITEM_TYPE_LIMIT_REACHED: ['此类文献已达借阅上限', 'Limit for this item type reached'],
  LIBRARY_LEFT_NETWORK: ['本馆已不在通借通还网络内', 'This library has left the network'],
  CARD_EXPIRED: ['读者证已过期，请到服务台续期', 'Your card has expired'],
  CARD_REPORTED_LOST: ['此证已挂失', 'This card was reported lost'],
  CARD_REPLACED: ['此证已换发新证', 'This card was replaced'],
  CARD_WITHDRAWN: ['此证已注销', 'This card was withdrawn'],
  CARD_NOT_FOUND: ['读者证无效', 'Unknown card'],
  QR_EXPIRED: ['二维码已过期，请刷新', 'The QR code has expired; refresh it'],
  QR_INVALID: ['二维码无效', 'Invalid QR code'],
  QR_REQUIRED: ['请出示App中的二维码', 'Show the QR code from the app'],
  PATRON_BLOCKED: ['读者证已停用，请到服务台', 'Your card is blocked; see a staff member'],
  DEPOSIT_REQUIRED: ['请先缴纳押金', 'A deposit is required'],
  FINES_OVER_LIMIT: ['欠费超过限额，请先缴费', 'Fees owed exceed the limit'],
  TOO_MANY_OVERDUE: ['有逾期未还图书，请先归还', 'You have overdue items'],
  LOAN_NOT_RENEWABLE: ['此书不可续借', 'This loan cannot be renewed'],
  RENEWAL_LIMIT_REACHED: ['已达续借次数上限', 'Renewal limit reached'],
  RENEWAL_REFUSED_HOLDS_WAITING: ['此书已有读者预约，不能续借', 'Others are waiting for this item'],
  RENEWAL_TOO_SOON: ['暂时不能续借', 'Too soon to renew'],
  LOAN_NOT_FOUND: ['此书不在您的借阅中', 'This item is not on loan to you'],
  ITEM_NOT_FOUND: ['条码无效', 'Unknown item'],
  HOLD_NOT_ALLOWED: ['此书不可预约', 'Holds are not allowed on this item'],
  HOLD_LIMIT_REACHED: ['已达预约数量上限', 'Hold limit reached'],
  HOLD_ALREADY_PLACED: ['您已预约此书', 'You already have a hold on this title'],
  ITEM_ALREADY_ON_LOAN_TO_READER: ['此书已在您的借阅中', 'You already have this title on loan'],
  PICKUP_LOCATION_INVALID: ['取书地点无效', 'Invalid pickup location'],
  HOLD_ALREADY_CAPTURED: ['预约书已在运送途中或已到预约架，不能再更改取书地点', 'Your item is already on its way or on the hold shelf; the pickup location can no longer change'],
  HOLD_EXPIRES_IN_PAST: ['预约截止日期不能早于今天', 'The last day cannot be in the past'],
  HOLD_NOT_ACTIVE: ['此预约已结束', 'This hold is no longer active'],
  HOLD_NOT_FOUND: ['没有找到您的这条预约', 'No such hold'],
  PAYMENT_EXCEEDS_OWED: ['缴费金额超过欠费', 'The amount exceeds what is owed'],
  AMOUNT_INVALID: ['金额无效', 'Invalid amount'],
  MUST_USE_KIOSK: MESSAGES.mustUseKiosk,
};

function fill(s: string, params: Params): string {
  return s.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
}

export function say(lang: DeviceLanguage, key: keyof typeof MESSAGES | string, params: Params = {}): string {
  const m = MESSAGES[key];
  if (!m) return key;
  return fill(lang === 'en' ? m[1] : m[0], params);
}

/** One sentence per refusal, in the device's language. */
export function refusalText(lang: DeviceLanguage, r: Pick<Refusal, 'code' | 'message'>): string {
  const m = REFUSALS[r.code];
  if (m) return lang === 'en' ? m[1] : m[0];
  return lang === 'en' ? r.message || r.code : `无法办理（${r.code}），请到服务台咨询`;
}

/** 1234 fen -> "12.34" */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** The item statuses as a reader would read them. */
const STATUS: Table = {
  available: ['在架', 'available'],
  checked_out: ['已借出', 'checked out'],
  in_transit: ['在途', 'in transit'],
  on_hold_shelf: ['预约架', 'on the hold shelf'],
  in_process: ['加工中', 'in process'],
  on_order: ['订购中', 'on order'],
  missing: ['丢失待查', 'missing'],
  lost: ['已丢失', 'lost'],
  claimed_returned: ['声明已还', 'claimed returned'],
  withdrawn: ['已剔除', 'withdrawn'],
  damaged: ['破损', 'damaged'],
};

export function statusText(lang: DeviceLanguage, status: string): string {
  const m = STATUS[status];
  return m ? (lang === 'en' ? m[1] : m[0]) : status;
}
