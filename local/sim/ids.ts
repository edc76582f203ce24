/** Identifier formats of the real services, drawn from a seeded PRNG. */
import { Prng } from './prng';

const HEX = '0123456789abcdef';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class IdFactory {
  constructor(private readonly rng: Prng) {}

  private hex(n: number): string {
    return this.rng.chars(HEX, n);
  }

  sourceServer(): string { return `s-${this.hex(17)}`; }
  job(): string { return `drsjob-${this.hex(17)}`; }
  instance(): string { return `i-${this.hex(17)}`; }
  reservation(): string { return `r-${this.hex(17)}`; }
  vpc(): string { return `vpc-${this.hex(17)}`; }
  subnet(): string { return `subnet-${this.hex(17)}`; }
  securityGroup(): string { return `sg-${this.hex(17)}`; }
  /** The DRS model caps EbsVolumeID at 19 characters, so volumes use the 8-hex-digit form. */
  volume(): string { return `vol-${this.hex(8)}`; }
  ami(): string { return `ami-${this.hex(17)}`; }
  requestId(): string { return this.uuid(); }
  publicIp(): string { return `54.${this.rng.int(64, 250)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`; }
  macAddress(): string {
    return ['02', ...Array.from({ length: 5 }, () => this.hex(2))].join(':');
  }
  /** IAM unique ids: AIDA (user), AROA (role), AIPA (instance profile). */
  iamUniqueId(prefix: 'AIDA' | 'AROA' | 'AIPA'): string { return prefix + this.rng.chars(UPPER_ALNUM, 17); }
  /** AKIA for long-term keys, ASIA for STS session keys; 20 characters like the real ones. */
  accessKeyId(prefix: 'AKIA' | 'ASIA'): string { return prefix + this.rng.chars(UPPER_ALNUM, 16); }
  secretAccessKey(): string { return this.rng.chars(SECRET, 40); }
  sessionToken(): string { return `IQoJb3JpZ2luX2VjE${this.rng.chars(SECRET, 300)}`; }
  uuid(): string {
    const h = this.hex(32);
    const variant = HEX[8 + this.rng.int(0, 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
