/** The API's response shapes, as the web app uses them (mirrors the zod DTOs on the server). */

export interface Library {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: 'central' | 'district' | 'branch' | 'service_point' | string;
  parentId: string | null;
  institutionId: string | null;
  timeZone: string;
  status: 'active' | 'left';
  joinedOn: string;
  leftOn: string | null;
}

export interface Location {
  id: string;
  libraryId: string;
  code: string;
  name: string;
  nameEn: string | null;
  forLoan: boolean;
}

export interface ServicePoint {
  id: string;
  libraryId: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  pickupLocation: boolean;
  holdShelfDays: number | null;
}

export interface LibraryDetail extends Library {
  locations: Location[];
  servicePoints: ServicePoint[];
  memberships: { joinedOn: string; leftOn: string | null }[];
}

export interface Display {
  title: string;
  titleVernacular: string | null;
  otherTitles: string[];
  responsibility: string | null;
  names: string[];
  subjects: string[];
  publisher: string | null;
  place: string | null;
  year: number | null;
  isbns: string[];
  issns: string[];
  language: string | null;
  materialType: string;
  series: string[];
  classification: { scheme: string; value: string }[];
  edition: string | null;
  physical: string | null;
  summary: string | null;
  price: string | null;
}

export interface Availability {
  libraryId: string;
  libraryCode: string | null;
  libraryName: string | null;
  total: number;
  available: number;
}

export interface Item {
  id: string;
  barcode: string;
  libraryId: string;
  locationId: string | null;
  callNumber: string | null;
  itemType: string;
  status: string;
  currentLibraryId: string | null;
  priceFen: number | null;
  volume: string | null;
  publicNote: string | null;
}

export type MarcField = { tag: string; value: string } | { tag: string; ind1: string; ind2: string; subfields: { code: string; value: string }[] };
export interface Marc {
  leader: string;
  fields: MarcField[];
}

export interface Bib {
  id: string;
  flavour: 'marc21' | 'cnmarc';
  generated: boolean;
  display: Display;
  marc?: Marc;
  items: Item[];
  availability: Availability[];
  updatedAt: string;
  version: number;
}

export interface FacetValue {
  value: string;
  label?: string;
  count: number;
}

export interface SearchResult {
  total: number;
  exact: boolean;
  hits: { id: string; score: number; display: Display; availability: Availability[] }[];
  facets?: { library: FacetValue[]; availableAt: FacetValue[]; format: FacetValue[]; language: FacetValue[]; decade: FacetValue[]; available: number };
  nextCursor: string | null;
}

export interface Group {
  code: string;
  name: string;
  nameZh: string;
  depositFen: number;
  mayBorrowAdult: boolean;
  mayBorrowChildren: boolean;
  maxLoans: number;
  cardValidityMonths: number | null;
  creditWaiverAllowed: boolean;
}

export interface Card {
  id: string;
  kind: 'barcode' | 'virtual' | 'union' | 'e_student';
  number: string;
  status: 'active' | 'lost' | 'expired' | 'replaced' | 'withdrawn';
  libraryId: string | null;
  issuedAt: string;
  expiresOn: string | null;
  replacedBy: string | null;
}

export interface Patron {
  id: string;
  name: string;
  idType: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  group: Group;
  homeLibraryId: string | null;
  status: 'active' | 'merged';
  mergedInto: string | null;
  depositWaived: boolean;
  pinSet: boolean;
  createdAt: string;
  cards: Card[];
}

export interface Block {
  id: string;
  reason: string;
  libraryId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface PatronStatus {
  patronId: string;
  status: 'active' | 'merged';
  blocks: Block[];
  flags: {
    depositRequiredFen: number;
    depositHeldFen: number;
    depositWaived: boolean;
    depositSatisfied: boolean;
    owedFen: number;
    pinLocked: boolean;
    hasUsableCard: boolean;
  };
  refusals: { code: string; message: string; overridePermission?: string }[];
}

export interface LedgerEntry {
  id: string;
  kind: string;
  amountFen: number;
  at: string;
  libraryId: string | null;
  actor: string;
  reference: string | null;
  note: string | null;
}

export interface Balance {
  depositHeldFen: number;
  owedFen: number;
}

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  libraryId: string | null;
  active: boolean;
  roles: string[];
  permissions: string[];
  allLibraries: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

export interface Role {
  id: string;
  code: string;
  name: string;
  permissions: string[];
  allLibraries: boolean;
}

export interface Me {
  profile: Omit<Patron, 'cards'>;
  cards: Card[];
  balance: Balance;
  blocked: boolean;
  sections: Record<string, unknown>;
}
