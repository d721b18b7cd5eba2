/**
 * Host rules of Mutua's network door: which URLs a {@link Fetcher} may contact at all.
 *
 * Everything here works on the URL as parsed by the WHATWG `URL` class, the same parser `fetch` uses.
 * That parser already canonicalises IPv4 literals written in odd forms (`http://0x7f.1`,
 * `http://2130706433`, `http://017700000001`, `http://127.1`, full-width digits, percent-encoding) to
 * dotted-quad `127.0.0.1`, and IPv6 literals to their compressed lowercase form (`[::ffff:7f00:1]`), so
 * the checks look at `url.hostname`, never at the text the caller wrote. As defence in depth, a hostname
 * that still looks numeric is re-parsed with the WHATWG IPv4 rules here too.
 *
 * **What these checks cannot see.** A *hostname* that resolves to a private address (including DNS
 * rebinding, where the answer changes between checks) is only visible to the runtime's resolver. In
 * browsers that resolver is out of reach, so this layer only refuses *literal* private addresses and
 * well-known private names (`localhost`, `*.localhost`, `*.local`, `*.internal`). A Node adapter could
 * add a resolve-then-connect check later.
 *
 * @packageDocumentation
 */
import { FetchError } from '../errors';

/** A host pattern: a string (exact host, or `*.example.com` for any subdomain) or a RegExp on the host. */
export type HostPattern = string | RegExp;

/** The rules {@link checkUrl} applies. */
export interface HostRules {
  /** URL schemes with the trailing colon, for example `['https:']`. Only `http:` and `https:` are ever allowed. */
  readonly allowedSchemes: readonly string[];
  /** When set, only hosts matching one of these patterns may be contacted. */
  readonly allowHosts?: readonly HostPattern[];
  /** Hosts matching any of these patterns are refused (checked before `allowHosts`). */
  readonly denyHosts?: readonly HostPattern[];
  /** When false, literal loopback/private/link-local/… addresses and private names are refused. */
  readonly allowPrivateAddresses: boolean;
}

/** The only schemes the network door will ever speak. */
export const SUPPORTED_SCHEMES: readonly string[] = ['http:', 'https:'];

/**
 * Parses and checks a URL against the host rules; returns the parsed URL to fetch.
 *
 * Checks, in order: the URL parses and carries no credentials (`INVALID_URL`), the scheme
 * (`SCHEME_NOT_ALLOWED`), `denyHosts` then `allowHosts` (`HOST_NOT_ALLOWED`), and finally literal
 * private addresses and private names (`PRIVATE_ADDRESS`). Listing a private address in `allowHosts`
 * does not lift the private-address rule: that needs `allowPrivateAddresses: true` as well.
 *
 * @throws {@link FetchError} with one of the codes above.
 * @example
 * ```ts
 * import { checkUrl } from '@mutua/core';
 * const url = checkUrl('http://crl.example.com/ca.crl', { allowedSchemes: ['http:', 'https:'], allowPrivateAddresses: false });
 * // checkUrl('http://127.0.0.1/', …) throws FetchError { code: 'PRIVATE_ADDRESS' }
 * ```
 */
export function checkUrl(input: string, rules: HostRules): URL {
  const url = parseUrl(input);
  checkScheme(url, rules.allowedSchemes);
  const host = normalizedHost(url);
  if (rules.denyHosts && matchesAny(host, rules.denyHosts)) {
    throw new FetchError('HOST_NOT_ALLOWED', `Host ${host} is on the deny list (${input})`);
  }
  if (rules.allowHosts && !matchesAny(host, rules.allowHosts)) {
    throw new FetchError('HOST_NOT_ALLOWED', `Host ${host} is not on the allow list (${input})`);
  }
  if (!rules.allowPrivateAddresses) {
    const why = privateHostReason(host);
    if (why) throw new FetchError('PRIVATE_ADDRESS', `Host ${host} is ${why}; refusing ${input}`);
  }
  return url;
}

function parseUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch (e) {
    throw new FetchError('INVALID_URL', `Not a valid absolute URL: ${JSON.stringify(input)}`, { cause: e });
  }
  if (url.username !== '' || url.password !== '') {
    throw new FetchError('INVALID_URL', `URL carries credentials, which are never sent: ${url.host}`);
  }
  return url;
}

function checkScheme(url: URL, allowed: readonly string[]): void {
  if (!SUPPORTED_SCHEMES.includes(url.protocol) || !allowed.includes(url.protocol)) {
    throw new FetchError(
      'SCHEME_NOT_ALLOWED',
      `Scheme ${url.protocol} is not allowed (${url.href.slice(0, 200)})`,
    );
  }
}

/**
 * The host as the rules see it: `url.hostname` lowercased without a trailing dot. IPv6 literals keep
 * their brackets, as in `URL.hostname` (`[::1]`).
 *
 * @example
 * ```ts
 * import { normalizedHost } from '@mutua/core';
 * normalizedHost(new URL('http://CRL.Example.com./x')); // 'crl.example.com'
 * ```
 */
export function normalizedHost(url: URL): string {
  return stripTrailingDot(url.hostname.toLowerCase());
}

function stripTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/**
 * Does a normalized host match one of the patterns? Strings match exactly (case-insensitive, trailing dot
 * ignored) or, when written `*.example.com`, match any subdomain of `example.com` but not the apex.
 * RegExps are tested against the normalized host (use `^…$` anchors).
 *
 * @example
 * ```ts
 * import { matchesAny } from '@mutua/core';
 * matchesAny('crl.example.com', ['*.example.com']); // true
 * matchesAny('example.com', ['*.example.com']); // false
 * matchesAny('ocsp.gob.cl', [/\.gob\.cl$/]); // true
 * ```
 */
export function matchesAny(host: string, patterns: readonly HostPattern[]): boolean {
  return patterns.some((p) => matchesPattern(host, p));
}

function matchesPattern(host: string, pattern: HostPattern): boolean {
  if (typeof pattern !== 'string') return host.search(pattern) !== -1;
  const p = stripTrailingDot(pattern.trim().toLowerCase());
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

/**
 * Why a (normalized) host is private, or `undefined` when it is not a literal private address or a
 * private name. Covers IPv4 `0/8`, `10/8`, `100.64/10` (CGNAT), `127/8`, `169.254/16`, `172.16/12`,
 * `192.0.0/24`, `192.168/16`, `198.18/15`, multicast and reserved `224/3`; IPv6 `::`, `::1`, `fc00::/7`,
 * `fe80::/10`, `fec0::/10`, `ff00::/8`, and IPv4 embedded in IPv4-mapped, IPv4-compatible, NAT64
 * (`64:ff9b::/96`) and 6to4 (`2002::/16`) addresses; the names `localhost`, `*.localhost`, `*.local`,
 * `*.internal`.
 *
 * @example
 * ```ts
 * import { privateHostReason } from '@mutua/core';
 * privateHostReason('[::ffff:7f00:1]'); // 'an IPv4-mapped IPv6 address of a loopback address'
 * privateHostReason('crl.example.com'); // undefined
 * ```
 */
export function privateHostReason(host: string): string | undefined {
  if (host.startsWith('[') && host.endsWith(']')) {
    const groups = parseIpv6(host.slice(1, -1));
    return groups ? ipv6Reason(groups) : 'an unparseable IPv6 literal';
  }
  const v4 = parseIpv4(host);
  if (v4 !== undefined) return ipv4Reason(v4);
  return privateNameReason(host);
}

const PRIVATE_NAME_SUFFIXES = ['.localhost', '.local', '.internal'];

function privateNameReason(host: string): string | undefined {
  if (host === 'localhost' || host === 'local' || host === 'internal') return `the private name "${host}"`;
  const suffix = PRIVATE_NAME_SUFFIXES.find((s) => host.endsWith(s));
  return suffix ? `a private name (*${suffix})` : undefined;
}

/** IPv4 blocks that are not publicly routable: [network, prefix length, label]. */
const IPV4_PRIVATE_BLOCKS: readonly (readonly [number, number, string])[] = [
  [0x00000000, 8, 'an unspecified / "this network" address'],
  [0x0a000000, 8, 'a private address (10/8)'],
  [0x64400000, 10, 'a carrier-grade NAT address (100.64/10)'],
  [0x7f000000, 8, 'a loopback address'],
  [0xa9fe0000, 16, 'a link-local address (169.254/16)'],
  [0xac100000, 12, 'a private address (172.16/12)'],
  [0xc0000000, 24, 'an IETF protocol-assignment address (192.0.0/24)'],
  [0xc0a80000, 16, 'a private address (192.168/16)'],
  [0xc6120000, 15, 'a benchmarking address (198.18/15)'],
  [0xe0000000, 4, 'a multicast address'],
  [0xf0000000, 4, 'a reserved or broadcast address'],
];

function ipv4Reason(addr: number): string | undefined {
  for (const [net, bits, label] of IPV4_PRIVATE_BLOCKS) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((addr & mask) >>> 0 === net) return label;
  }
  return undefined;
}

/**
 * Parses an IPv4 host the way the WHATWG URL standard does (1 to 4 parts, each decimal, `0x` hex or
 * leading-`0` octal; the last part fills the remaining bytes). Returns the address as an unsigned 32-bit
 * number, or `undefined` when the host is not an IPv4 address. `URL` has normally done this already; this
 * is the belt to its braces.
 *
 * @example
 * ```ts
 * // parseIpv4 is internal (not exported by the package). privateHostReason and checkUrl use it, so
 * // they see through odd spellings of 127.0.0.1:
 * import { privateHostReason } from '@mutua/core';
 * privateHostReason('0x7f.1'); // 'a loopback address'
 * privateHostReason('2130706433'); // 'a loopback address'
 * privateHostReason('crl.example.com'); // undefined
 * ```
 */
export function parseIpv4(host: string): number | undefined {
  const parts = stripTrailingDot(host).split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    const n = parseIpv4Part(p);
    if (n === undefined) return undefined;
    nums.push(n);
  }
  return combineIpv4Parts(nums);
}

function parseIpv4Part(part: string): number | undefined {
  if (part === '') return undefined;
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  if (digits === '') return 0;
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return undefined;
  const n = Number.parseInt(digits, radix);
  return Number.isSafeInteger(n) ? n : undefined;
}

function combineIpv4Parts(nums: readonly number[]): number | undefined {
  const last = nums[nums.length - 1]!;
  const head = nums.slice(0, -1);
  if (head.some((n) => n > 255)) return undefined;
  if (last >= 256 ** (5 - nums.length)) return undefined;
  let addr = last;
  head.forEach((n, i) => {
    addr += n * 256 ** (3 - i);
  });
  return addr >>> 0;
}

/**
 * Parses an IPv6 address (without brackets or zone) into its eight 16-bit groups, accepting `::`
 * compression and a dotted IPv4 tail. Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * // parseIpv6 is internal (not exported by the package); privateHostReason and checkUrl use it:
 * import { privateHostReason } from '@mutua/core';
 * privateHostReason('[::ffff:127.0.0.1]'); // 'an IPv4-mapped IPv6 address of a loopback address'
 * ```
 */
export function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseIpv6Groups(halves[0]!);
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function parseIpv6Groups(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(p) ? parseIpv4(p) : undefined;
      if (v4 === undefined) return undefined;
      out.push(v4 >>> 16, v4 & 0xffff);
    } else if (/^[0-9a-f]{1,4}$/i.test(p)) {
      out.push(Number.parseInt(p, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

function ipv6Reason(g: readonly number[]): string | undefined {
  const at = (i: number) => g[i] ?? 0;
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const embedded = (hi: number, lo: number) => ((at(hi) << 16) | at(lo)) >>> 0;
  if (zeroUpTo(8)) return 'the unspecified IPv6 address';
  if (zeroUpTo(7) && at(7) === 1) return 'the IPv6 loopback address';
  if (zeroUpTo(5) && at(5) === 0xffff) return embeddedReason('an IPv4-mapped IPv6 address', embedded(6, 7));
  if (zeroUpTo(6)) return embeddedReason('an IPv4-compatible IPv6 address', embedded(6, 7));
  if (at(0) === 0x64 && at(1) === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return embeddedReason('a NAT64 IPv6 address', embedded(6, 7));
  }
  if (at(0) === 0x64 && at(1) === 0xff9b && at(2) === 1) return 'a local-use NAT64 address (64:ff9b:1::/48)';
  if (at(0) === 0x2002) return embeddedReason('a 6to4 IPv6 address', embedded(1, 2));
  if ((at(0) & 0xfe00) === 0xfc00) return 'a unique-local IPv6 address (fc00::/7)';
  if ((at(0) & 0xffc0) === 0xfe80) return 'a link-local IPv6 address (fe80::/10)';
  if ((at(0) & 0xffc0) === 0xfec0) return 'a site-local IPv6 address (fec0::/10)';
  if ((at(0) & 0xff00) === 0xff00) return 'an IPv6 multicast address';
  return undefined;
}

function embeddedReason(kind: string, v4: number): string | undefined {
  const why = ipv4Reason(v4);
  return why ? `${kind} of ${why}` : undefined;
}
