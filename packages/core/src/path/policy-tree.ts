import { OID } from '../oids';
import type { Certificate } from '../x509/certificate';
import type { PolicyQualifier } from '../x509/extensions';

const ANY = OID.anyPolicy;

/** Hard bound on tree size: RFC 5280's tree can grow exponentially on hostile mappings (CVE-2023-0464). */
const MAX_NODES = 10_000;

/** A node of the RFC 5280 §6.1.2 (a) valid_policy_tree. */
export interface PolicyNode {
  readonly validPolicy: string;
  readonly qualifiers: readonly PolicyQualifier[];
  expectedPolicySet: Set<string>;
  readonly parent: PolicyNode | undefined;
  readonly children: PolicyNode[];
  readonly depth: number;
}

/** Thrown (internally) when the tree would exceed its bound of 10 000 nodes.
 * @example
 * ```ts
 * import { PolicyTreeTooLarge } from '@mutua/core';
 * new PolicyTreeTooLarge('policy tree exceeds 10000 nodes') instanceof Error; // true
 * ```
 */
export class PolicyTreeTooLarge extends Error {}

/** The valid_policy_tree with the operations of RFC 5280 §6.1.3 (d)–(e), §6.1.4 (b) and §6.1.5 (g).
 * @example
 * ```ts
 * import { PolicyTree } from '@mutua/core';
 * // §6.1.2 (a): the initial tree is one anyPolicy node at depth 0.
 * const tree = PolicyTree.initial();
 * tree.level(0)[0]?.validPolicy; // '2.5.29.32.0'
 * ```
 */
export class PolicyTree {
  private nodeCount = 1;
  private constructor(readonly root: PolicyNode) {}

  /** §6.1.2 (a): a single anyPolicy node at depth 0. */
  static initial(): PolicyTree {
    return new PolicyTree({
      validPolicy: ANY,
      qualifiers: [],
      expectedPolicySet: new Set([ANY]),
      parent: undefined,
      children: [],
      depth: 0,
    });
  }

  /** Every node at `depth`. */
  level(depth: number): PolicyNode[] {
    // Plain loops: flatMap over these one- or two-node levels costs more than the walk itself.
    let nodes: PolicyNode[] = [this.root];
    for (let d = 0; d < depth; d++) {
      const next: PolicyNode[] = [];
      for (const n of nodes) for (const c of n.children) next.push(c);
      nodes = next;
    }
    return nodes;
  }

  private add(
    parent: PolicyNode,
    validPolicy: string,
    qualifiers: readonly PolicyQualifier[],
    expected: Set<string>,
  ): void {
    if (++this.nodeCount > MAX_NODES) throw new PolicyTreeTooLarge(`policy tree exceeds ${MAX_NODES} nodes`);
    parent.children.push({
      validPolicy,
      qualifiers,
      expectedPolicySet: expected,
      parent,
      children: [],
      depth: parent.depth + 1,
    });
  }

  private remove(node: PolicyNode): void {
    const p = node.parent;
    if (!p) return;
    const i = p.children.indexOf(node);
    if (i >= 0) p.children.splice(i, 1);
    this.nodeCount--;
  }

  /** Deletes, bottom-up, every node above `depth` that has no children. Returns false when the tree is now empty. */
  prune(depth: number): boolean {
    for (let d = depth - 1; d >= 0; d--) {
      for (const n of this.level(d)) if (n.children.length === 0) this.remove(n);
    }
    return this.root.children.length > 0 || depth === 0;
  }

  /**
   * §6.1.3 (d) (1)–(3) for certificate `i` (depth i). `anyPolicyAllowed` is the (d)(2) condition
   * (inhibit_anyPolicy > 0, or i < n and the certificate is self-issued). Returns false if the tree
   * becomes NULL.
   */
  processCertificatePolicies(cert: Certificate, i: number, anyPolicyAllowed: boolean): boolean {
    const policies = cert.ext.certificatePolicies ?? [];
    const parents = this.level(i - 1);
    for (const p of policies) {
      if (p.policyIdentifier === ANY) continue;
      let matched = false;
      for (const n of parents) {
        if (n.expectedPolicySet.has(p.policyIdentifier)) {
          this.add(n, p.policyIdentifier, p.qualifiers, new Set([p.policyIdentifier]));
          matched = true;
        }
      }
      if (!matched) {
        for (const n of parents) {
          if (n.validPolicy === ANY)
            this.add(n, p.policyIdentifier, p.qualifiers, new Set([p.policyIdentifier]));
        }
      }
    }
    const anyInCert = policies.find((p) => p.policyIdentifier === ANY);
    if (anyInCert && anyPolicyAllowed) {
      for (const n of parents) {
        const existing = new Set(n.children.map((c) => c.validPolicy));
        for (const e of n.expectedPolicySet) {
          if (!existing.has(e)) this.add(n, e, anyInCert.qualifiers, new Set([e]));
        }
      }
    }
    return this.prune(i) && this.level(i).length > 0;
  }

  /**
   * §6.1.4 (b): apply policyMappings of certificate `i`. With mapping allowed, expected policy sets
   * are replaced; otherwise mapped issuer-domain policies are deleted. Returns false when the tree is NULL.
   */
  processPolicyMappings(cert: Certificate, i: number, mappingAllowed: boolean): boolean {
    const mappings = cert.ext.policyMappings ?? [];
    const byIssuer = new Map<string, Set<string>>();
    for (const m of mappings) {
      let s = byIssuer.get(m.issuerDomainPolicy);
      if (!s) byIssuer.set(m.issuerDomainPolicy, (s = new Set()));
      s.add(m.subjectDomainPolicy);
    }
    const nodes = this.level(i);
    for (const [idp, sdps] of byIssuer) {
      const withIdp = nodes.filter((n) => n.validPolicy === idp);
      if (mappingAllowed) {
        if (withIdp.length > 0) {
          for (const n of withIdp) n.expectedPolicySet = new Set(sdps);
        } else {
          const anyNode = nodes.find((n) => n.validPolicy === ANY);
          if (anyNode?.parent) this.add(anyNode.parent, idp, anyNode.qualifiers, new Set(sdps));
        }
      } else {
        for (const n of withIdp) this.remove(n);
      }
    }
    if (!mappingAllowed) return this.prune(i) && this.level(i).length > 0;
    return this.level(i).length > 0;
  }

  /** §6.1.5 (g): the intersection of the tree with the user-initial-policy-set. Returns false when it is NULL. */
  intersect(userInitialPolicySet: readonly string[], n: number): boolean {
    if (userInitialPolicySet.includes(ANY)) return this.level(n).length > 0;
    const user = new Set(userInitialPolicySet);
    // (iii)(1)–(2): nodes whose parent is anyPolicy, and that are neither anyPolicy nor acceptable, go.
    const all: PolicyNode[] = [];
    for (let d = 1; d <= n; d++) all.push(...this.level(d));
    const boundary = all.filter((x) => x.parent?.validPolicy === ANY);
    for (const x of boundary) {
      if (x.validPolicy !== ANY && !user.has(x.validPolicy)) this.removeSubtree(x);
    }
    const boundaryPolicies = new Set(boundary.filter((x) => x.validPolicy !== ANY).map((x) => x.validPolicy));
    // (iii)(3): an anyPolicy leaf at depth n stands for every user policy not already present.
    const anyLeaf = this.level(n).find((x) => x.validPolicy === ANY);
    if (anyLeaf?.parent) {
      for (const p of user) {
        if (!boundaryPolicies.has(p)) this.add(anyLeaf.parent, p, anyLeaf.qualifiers, new Set([p]));
      }
      this.remove(anyLeaf);
    }
    return this.prune(n) && this.level(n).length > 0;
  }

  private removeSubtree(x: PolicyNode): void {
    const count = (k: PolicyNode): number => 1 + k.children.reduce((a, c) => a + count(c), 0);
    this.nodeCount -= count(x) - 1;
    this.remove(x);
  }

  /** The leaves at depth n: the policies (with their qualifiers) the path is valid for. */
  leaves(n: number): PolicyNode[] {
    return this.level(n);
  }
}
