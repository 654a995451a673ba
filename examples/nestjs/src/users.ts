import { Injectable } from '@nestjs/common';

/** A user of the example: a password for the first factor, a mobile number for the second. */
export interface DemoUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  mobile: string;
  /** A suspended user passes both factors and is still refused, by the strategy's `validate`. */
  readonly suspended?: boolean;
}

/** The example's user database: in memory, with plain passwords (a real app stores password hashes). */
@Injectable()
export class UsersService {
  readonly #users: DemoUser[] = [
    { id: '1', username: 'alice', password: 'wonderland', mobile: '+1 201 555 0123' },
    { id: '2', username: 'mallory', password: 'suspended', mobile: '+1 201 555 0188', suspended: true },
  ];

  /** Saves a verified number: `enrollment.saveMobile` calls it after the new number's code. */
  setMobile(id: string, mobile: string): void {
    const user = this.byId(id);
    if (user) user.mobile = mobile;
  }

  byId(id: string): DemoUser | undefined {
    return this.#users.find((user) => user.id === id);
  }

  withPassword(username: string, password: string): DemoUser | undefined {
    return this.#users.find((user) => user.username === username && user.password === password);
  }
}
