/**
 * What a password must be: 10 to 1024 characters, of at least two kinds (lower case,
 * upper case, digits, anything else), and not the account's email.
 */
import { KefuError } from '../errors.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

const CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/**
 * Throws `weak_password` (422) naming the rule a password breaks.
 *
 * @example checkPasswordPolicy('correct horse battery', 'ann@example.com') // passes
 */
export function checkPasswordPolicy(password: string, email: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw weak(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw weak(`password: at most ${MAX_PASSWORD_LENGTH} characters`);
  if (CLASSES.filter((c) => c.test(password)).length < 2)
    throw weak('password: mix at least two of lower case, upper case, digits and symbols');
  if (password.trim().toLowerCase() === email.trim().toLowerCase())
    throw weak('password: must not be the email address');
}

const weak = (message: string) => new KefuError('weak_password', message);
