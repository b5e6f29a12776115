/**
 * Credit-based deposit waiver (信用免押金): a reader whose credit score reaches the threshold
 * borrows without a deposit. The score comes from a pluggable provider (a city credit platform,
 * Sesame Credit, ...). Providers receive the clear ID number, so only trusted, contracted
 * services may be plugged in; nothing else in Tianyi ever sees it.
 */
export interface CreditSubject {
  patronId: string;
  name: string;
  idType: string;
  idNumber: string;
}

export interface CreditResult {
  score: number;
  /** the provider's reference for the audit log */
  reference?: string;
}

export interface CreditProvider {
  readonly name: string;
  /** null: the provider knows nothing of this person. */
  check(subject: CreditSubject): Promise<CreditResult | null>;
}

export interface CreditPolicy {
  provider: CreditProvider | null;
  /** minimum score that waives the deposit */
  threshold: number;
}

/** For tests and small deployments: a fixed list of ID numbers and their scores. */
export function allowListCreditProvider(scores: Record<string, number>, name = 'allow-list'): CreditProvider {
  const byId = new Map(Object.entries(scores).map(([id, s]) => [id.toUpperCase(), s]));
  return {
    name,
    async check(s) {
      const score = byId.get(s.idNumber.toUpperCase());
      return score === undefined ? null : { score, reference: `${name}` };
    },
  };
}

// 600 is the usual line for deposit-free services on the Chinese credit scales (350-950).
let policy: CreditPolicy = { provider: null, threshold: 600 };

/** Set at start-up by whoever wires the deployment's provider (and by tests). */
export function configureCredit(next: Partial<CreditPolicy>): CreditPolicy {
  policy = { ...policy, ...next };
  return policy;
}

export function creditPolicy(): CreditPolicy {
  return policy;
}
