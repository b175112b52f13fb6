/** The pure rules: which scope a route needs, what a scope grants, what a password must be. */
import { describe, expect, it } from 'bun:test';
import { checkPasswordPolicy, grants, scopeFor } from '../../src/auth/index.ts';
import { KefuError } from '../../src/errors.ts';

describe('scopeFor', () => {
  it('maps conversations, customers and the inbound channels to conversations:*', () => {
    expect(scopeFor('GET', '/api/v1/conversations')).toBe('conversations:read');
    expect(scopeFor('POST', '/api/v1/conversations/1/messages')).toBe('conversations:write');
    expect(scopeFor('DELETE', '/api/v1/customers/1')).toBe('conversations:write');
    expect(scopeFor('POST', '/api/v1/channels/api/messages')).toBe('conversations:write');
    expect(scopeFor('POST', '/api/v1/channels/email/inbound')).toBe('conversations:write');
  });

  it('maps tickets to tickets:* and everything else to admin', () => {
    expect(scopeFor('GET', '/api/v1/tickets/')).toBe('tickets:read');
    expect(scopeFor('PATCH', '/api/v1/tickets/9')).toBe('tickets:write');
    expect(scopeFor('GET', '/api/v1/ticketsx')).toBe('admin');
    expect(scopeFor('POST', '/api/v1/channels/wechat')).toBe('admin');
    expect(scopeFor('GET', '/api/v1/audit')).toBe('admin');
    expect(scopeFor('POST', '/api/v1/canned-responses')).toBe('admin');
    expect(scopeFor('GET', '/api/v1/canned-responses')).toEqual([
      'conversations:read',
      'tickets:read',
      'admin',
    ]);
  });
});

describe('grants', () => {
  it('lets * do everything and a write scope read', () => {
    expect(grants(['*'], 'admin')).toBe(true);
    expect(grants(['tickets:write'], 'tickets:read')).toBe(true);
    expect(grants(['tickets:read'], 'tickets:write')).toBe(false);
    expect(grants(['admin'], 'tickets:read')).toBe(false);
    expect(grants(['tickets:read'], ['conversations:read', 'tickets:read'])).toBe(true);
    expect(grants([], 'admin')).toBe(false);
  });
});

describe('checkPasswordPolicy', () => {
  const refused = (password: string, email = 'ann@example.com') => {
    try {
      checkPasswordPolicy(password, email);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(KefuError);
      expect((error as KefuError).code).toBe('weak_password');
      expect((error as KefuError).status).toBe(422);
      return (error as KefuError).message;
    }
  };

  it('takes 10+ characters of two kinds that are not the email', () => {
    expect(refused('correct horse battery')).toBeUndefined();
    expect(refused('password123')).toBeUndefined();
    expect(refused('密码密码密码密码密码1')).toBeUndefined();
  });

  it('names the rule a password breaks', () => {
    expect(refused('Sh0rt!')).toContain('at least 10');
    expect(refused('abcdefghijkl')).toContain('two of');
    expect(refused('ABCDEFGHIJKL')).toContain('two of');
    expect(refused('1234567890123')).toContain('two of');
    expect(refused('Ann@Example.com', 'ann@example.com')).toContain('email');
    expect(refused('x'.repeat(1025) + 'A')).toContain('at most');
  });
});
