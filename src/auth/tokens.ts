/**
 * Signed tokens (HS256 JWTs via jose): agent session tokens and visitor tokens.
 * A visitor token names a customer of one tenant; nobody can read another customer's
 * history by guessing an id.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { KefuError } from '../errors.ts';

export type Role = 'owner' | 'admin' | 'supervisor' | 'agent';
export const ROLES: readonly Role[] = ['owner', 'admin', 'supervisor', 'agent'];

export interface AgentClaims {
  kind: 'agent';
  tenantId: string;
  agentId: string;
  role: Role;
  /** The session (sign-in) the token belongs to: logging out revokes it. */
  sessionId: string;
}

export interface VisitorClaims {
  kind: 'visitor';
  tenantId: string;
  customerId: string;
}

const VISITOR_TTL = '365d';

export class TokenSigner {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly agentTtlSec: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Seconds an agent token lives. */
  get agentTtl(): number {
    return this.agentTtlSec;
  }

  signAgent(claims: Omit<AgentClaims, 'kind'>): Promise<string> {
    return new SignJWT({
      tid: claims.tenantId,
      role: claims.role,
      sid: claims.sessionId,
      typ: 'agent',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.agentId)
      .setIssuedAt()
      .setExpirationTime(`${this.agentTtlSec}s`)
      .sign(this.key);
  }

  signVisitor(claims: Omit<VisitorClaims, 'kind'>): Promise<string> {
    return new SignJWT({ tid: claims.tenantId, typ: 'visitor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.customerId)
      .setIssuedAt()
      .setExpirationTime(VISITOR_TTL)
      .sign(this.key);
  }

  async verifyAgent(token: string): Promise<AgentClaims & { expiresAt: number }> {
    const p = await this.verify(token, 'agent');
    if (!ROLES.includes(p.role as Role)) throw invalid('unknown role');
    if (typeof p.sid !== 'string') throw invalid('token without a session');
    return {
      kind: 'agent',
      tenantId: String(p.tid),
      agentId: String(p.sub),
      role: p.role as Role,
      sessionId: p.sid,
      expiresAt: Number(p.exp) * 1000,
    };
  }

  async verifyVisitor(token: string): Promise<VisitorClaims> {
    const p = await this.verify(token, 'visitor');
    return { kind: 'visitor', tenantId: String(p.tid), customerId: String(p.sub) };
  }

  private async verify(token: string, typ: string) {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (
        payload.typ !== typ ||
        typeof payload.tid !== 'string' ||
        typeof payload.sub !== 'string'
      ) {
        throw invalid(`not a ${typ} token`);
      }
      return payload;
    } catch (error) {
      if (error instanceof KefuError) throw error;
      if (error instanceof errors.JWTExpired) throw invalid('token expired');
      throw invalid('invalid token');
    }
  }
}

const invalid = (message: string) => new KefuError('invalid_token', message);
