/**
 * The variable-field dictionary: each 2-character field id and the property name it gets in a
 * typed message. `yn` fields are booleans ('Y'/'N'); `repeat` fields are string arrays; all others
 * are strings kept verbatim (amounts, dates and counts included: the adapter decides what they mean).
 */

export type FieldKind = 'str' | 'yn';

export interface FieldDef {
  readonly id: string;
  readonly name: string;
  readonly kind: FieldKind;
  readonly repeat: boolean;
  /** Position in FIELDS. */
  readonly index: number;
}

// id name [kind] [*=repeatable]
const TABLE = `
AA patronIdentifier
AB itemIdentifier
AC terminalPassword
AD patronPassword
AE personalName
AF screenMessage *
AG printLine *
AH dueDate
AJ titleIdentifier
AL blockedCardMessage
AM libraryName
AN terminalLocation
AO institutionId
AP currentLocation
AQ permanentLocation
AS holdItems *
AT overdueItems *
AU chargedItems *
AV fineItems *
BD homeAddress
BE emailAddress
BF homePhoneNumber
BG owner
BH currencyType
BI cancel yn
BK transactionId
BL validPatron yn
BM renewedItems *
BN unrenewedItems *
BO feeAcknowledged yn
BP startItem
BQ endItem
BR queuePosition
BS pickupLocation
BT feeType
BU recallItems *
BV feeAmount
BW expirationDate
BX supportedMessages
BY holdType
BZ holdItemsLimit
CA overdueItemsLimit
CB chargedItemsLimit
CC feeLimit
CD unavailableHoldItems *
CF holdQueueLength
CG feeIdentifier
CH itemProperties
CI securityInhibit yn
CJ recallDate
CK mediaType
CL sortBin
CM holdPickupDate
CN loginUserId
CO loginPassword
CP locationCode
CQ validPatronPassword yn
CR collectionCode
CS callNumber
CT destinationLocation
CV alertType
CY holdPatronId
DA holdPatronName
`;

export const FIELDS: readonly FieldDef[] = TABLE.trim()
  .split('\n')
  .map((line, index) => {
    const [id, name, ...rest] = line.trim().split(/\s+/);
    return { id, name, kind: rest.includes('yn') ? 'yn' : 'str', repeat: rest.includes('*'), index } as FieldDef;
  });

/** Key of a 2-character id for array lookup: both characters must be below 128. */
export function idKey(c0: number, c1: number): number {
  return (c0 << 7) | c1;
}

/** FIELD_INDEX_BY_KEY[idKey(c0, c1)] is the FIELDS index of that id, or -1. */
export const FIELD_INDEX_BY_KEY: Int16Array = (() => {
  const t = new Int16Array(128 * 128).fill(-1);
  for (const f of FIELDS) t[idKey(f.id.charCodeAt(0), f.id.charCodeAt(1))] = f.index;
  return t;
})();

export const FIELD_BY_ID: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.id, f]));
